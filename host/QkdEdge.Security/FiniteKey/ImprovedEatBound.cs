using QkdEdge.Security.Asymptotic;

namespace QkdEdge.Security.FiniteKey;

/// <summary>
/// Key length with the improved second-order term of F. Dupuis and O. Fawzi, "Entropy accumulation with
/// improved second-order term", IEEE Trans. Inf. Theory 65, 7596 (2019), arXiv 1805.11652 (main theorem,
/// in the form restated and used by Tan et al., arXiv 2012.08714, and Nadlinger et al., Nature 607, 682 (2022)).
/// For alpha in (1, 3/2), c = (alpha-1)/(2-alpha) and an affine min-tradeoff function f:
/// <code>
/// H_min^eps(A^n Btilde^n | ...)_(rho|Omega) &gt;= n h - n c (ln2/2) V^2 - (log(2/eps^2) + alpha log(1/p_Omega))/(alpha-1) - n c^2 K_alpha
/// V       = sqrt(Var(f) + 2) + log(2 d^2 + 1)
/// K_alpha = (2-alpha)^3 / (6 (3-2 alpha)^3 ln2) 2^(c (2 log d + Max f - Min_Sigma f)) ln^3(2^(2 log d + Max f - Min_Sigma f) + e^2)
/// </code>
/// with d = 6 (A_i Btilde_i), eps = eps_s/4 (chain rule), p_Omega &gt;= eps_EA. The smoothing term uses
/// log(2/eps^2), which is never smaller than the theorem's g(eps) = -log(1 - sqrt(1 - eps^2)).
/// <para>
/// The min-tradeoff function is the tangent of g at p_t read on the round register C in {1 (test won),
/// 0 (test lost), bot (key round)}. Because q(bot) = 1 - gamma on every achievable distribution, the value
/// on bot can be shifted (v below, in units of g'(p_t)) without changing f on that set; the shift changes
/// Var(f) and Max f, and is chosen by the search together with p_t and alpha. Var(f) and Min_Sigma f are
/// taken over every quantum-achievable win probability p in [(2 - sqrt2)/4, (2 + sqrt2)/4], Max f over the
/// point masses, as the theorem requires. Bob's test outputs and the chain rule are removed exactly as in
/// <see cref="OriginalEatBound"/>.
/// </para>
/// </summary>
internal static class ImprovedEatBound
{
    private const double OutputDimension = 6.0;
    private static readonly double LogDimensionTerm = Math.Log2(2.0 * OutputDimension * OutputDimension + 1.0);
    private static readonly double TwoLogD = 2.0 * Math.Log2(OutputDimension);

    /// <summary>Var(f) maximised over the achievable win probabilities, for slope s and shift v (units of s).</summary>
    public static double MaxVariance(double slope, double gamma, double shift)
    {
        // Var_p(f) = (s^2/gamma) [ (1-gamma) v^2 + p - 2 p (1-gamma) v - gamma p^2 ], concave in p.
        double vertex = (1.0 - 2.0 * (1.0 - gamma) * shift) / (2.0 * gamma);
        double p = Math.Clamp(vertex, Chsh.MinWinProbability, Chsh.MaxWinProbability);
        double bracket = (1.0 - gamma) * shift * shift + p - 2.0 * p * (1.0 - gamma) * shift - gamma * p * p;
        return slope * slope / gamma * Math.Max(bracket, 0.0);
    }

    public static KeyLengthBreakdown Evaluate(
        long rounds, double gamma, double pThreshold, double pt, double alpha, double shift, EatSecurityParameters eps, double leak)
    {
        double n = rounds;
        double s = ChshEntropyBound.Derivative(pt);
        double gpt = ChshEntropyBound.OfWinProbability(pt);
        double h = gpt + s * (pThreshold - pt);
        double maxCoefficient = Math.Max(shift, Math.Max((1.0 - (1.0 - gamma) * shift) / gamma, -(1.0 - gamma) * shift / gamma));
        double range = TwoLogD + s * (maxCoefficient - Chsh.MinWinProbability);
        double v = Math.Sqrt(MaxVariance(s, gamma, shift) + 2.0) + LogDimensionTerm;
        double c = (alpha - 1.0) / (2.0 - alpha);
        double lnTerm = range * Math.Log(2.0) + Math.Log(1.0 + Math.Exp(2.0 - range * Math.Log(2.0)));
        double kAlpha = Math.Pow(2.0 - alpha, 3) / (6.0 * Math.Pow(3.0 - 2.0 * alpha, 3) * Math.Log(2.0))
                        * Math.Pow(2.0, c * range) * lnTerm * lnTerm * lnTerm;
        double smoothing = eps.Smoothing / 4.0;

        double accumulated = n * h;
        double secondOrder = n * c * (Math.Log(2.0) / 2.0) * v * v;
        double smoothingBits = (Math.Log2(2.0 / (smoothing * smoothing)) + alpha * Math.Log2(1.0 / eps.EntropyAccumulation)) / (alpha - 1.0);
        double higherOrder = n * c * c * kAlpha;
        double testBits = gamma * n;
        double testSecond = Math.Sqrt(n) * 2.0 * EatMath.Log2Of7 * Math.Sqrt(1.0 - 2.0 * Math.Log2(smoothing * eps.EntropyAccumulation));
        double chain = 3.0 * EatMath.MinusLog2OneMinusSqrtOneMinusSquare(smoothing);
        double hmin = accumulated - secondOrder - smoothingBits - higherOrder - testBits - testSecond - chain;
        double pa = 2.0 * Math.Log2(1.0 / eps.PrivacyAmplification);
        double real = hmin - leak - pa;
        if (double.IsNaN(real))
        {
            real = double.NegativeInfinity;
        }

        return new KeyLengthBreakdown(
            EatAnalysis.Improved, rounds, gamma, pThreshold, pt, alpha, shift, h, accumulated, secondOrder, smoothingBits, higherOrder,
            testBits, testSecond, chain, hmin, leak, pa, real);
    }

    public static KeyLengthBreakdown Optimise(long rounds, double gamma, double pThreshold, EatSecurityParameters eps, double leak)
    {
        var (lo, hi) = EatMath.TradeoffPointRange(pThreshold);
        var (pt, _) = GoldenSection.Maximise(x => BestForPoint(rounds, gamma, pThreshold, x, eps, leak).KeyLengthReal, lo, hi, 12, 26);
        return BestForPoint(rounds, gamma, pThreshold, pt, eps, leak);
    }

    /// <summary>Coordinate ascent over (shift, alpha) for a fixed p_t, starting from the shift of least variance.</summary>
    private static KeyLengthBreakdown BestForPoint(long rounds, double gamma, double pThreshold, double pt, EatSecurityParameters eps, double leak)
    {
        double s = ChshEntropyBound.Derivative(pt);
        var (shift, _) = GoldenSection.Maximise(v => -MaxVariance(s, gamma, v), 0.0, 1.0, 9, 26);
        double alpha = BestAlpha(rounds, gamma, pThreshold, pt, shift, eps, leak);
        (shift, _) = GoldenSection.Maximise(v => Evaluate(rounds, gamma, pThreshold, pt, alpha, v, eps, leak).KeyLengthReal, 0.0, 1.0, 7, 22);
        alpha = BestAlpha(rounds, gamma, pThreshold, pt, shift, eps, leak);

        return Evaluate(rounds, gamma, pThreshold, pt, alpha, shift, eps, leak);
    }

    private static double BestAlpha(long rounds, double gamma, double pThreshold, double pt, double shift, EatSecurityParameters eps, double leak)
    {
        // alpha = 1 + 10^t, t in [-8, log10(0.49)] keeps alpha inside (1, 3/2) where K_alpha is finite.
        var (t, _) = GoldenSection.Maximise(
            x => Evaluate(rounds, gamma, pThreshold, pt, 1.0 + Math.Pow(10.0, x), shift, eps, leak).KeyLengthReal,
            -8.0, Math.Log10(0.49), 9, 26);
        return 1.0 + Math.Pow(10.0, t);
    }
}
