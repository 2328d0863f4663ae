using QkdEdge.Security.Asymptotic;

namespace QkdEdge.Security.FiniteKey;

/// <summary>
/// The reference sheet's reconstructed key-length formulas, exactly as written there (section 3.3 and the
/// illustrative improved variant of 3.5 / Appendix A), kept so that its test vectors can be checked to the
/// digit. Production keys use <see cref="EatAnalysis.Original"/> or <see cref="EatAnalysis.Improved"/>:
/// docs/security-analysis.md lists where these formulas differ from the papers and why.
/// </summary>
public static class ReferenceSheetEat
{
    private const double OutputDimension = 6.0;

    /// <summary>p_thr = omega_exp - sqrt(ln(1/eps_c)/(2n))/gamma (sheet 3.3, Hoeffding on the count fraction).</summary>
    public static double ThresholdWinProbability(long rounds, double chshValue, double testFraction, double completeness) =>
        Chsh.WinProbability(chshValue) - Math.Sqrt(Math.Log(1.0 / completeness) / (2.0 * rounds)) / testFraction;

    /// <summary>Sheet 3.3 at fixed (gamma, p_t).</summary>
    public static KeyLengthBreakdown Evaluate(long rounds, double gamma, double pThreshold, double pt, EatSecurityParameters eps, double leak)
    {
        double n = rounds, sqrtN = Math.Sqrt(n);
        double f = SheetTradeoff(pThreshold, pt);
        double v1 = 2.0 * (EatMath.Log2Of13 + Math.Ceiling(ChshEntropyBound.Derivative(pt) / gamma))
                    * Math.Sqrt(1.0 - 2.0 * Math.Log2(eps.Smoothing * eps.EntropyAccumulation));
        double v2 = 2.0 * EatMath.Log2Of7 * Math.Sqrt(1.0 - 2.0 * Math.Log2(eps.Smoothing / 4.0));
        double chain = 3.0 * EatMath.MinusLog2OneMinusSqrtOneMinusSquare(eps.Smoothing / 4.0);
        double hmin = n * (f - gamma) - sqrtN * (v1 + v2) - chain;
        double pa = 2.0 * Math.Log2(1.0 / eps.PrivacyAmplification);
        return new KeyLengthBreakdown(
            EatAnalysis.ReferenceSheet, rounds, gamma, pThreshold, pt, double.NaN, 0.0, f, n * f, sqrtN * v1, 0.0, 0.0,
            gamma * n, sqrtN * v2, chain, hmin, leak, pa, hmin - leak - pa);
    }

    /// <summary>Sheet 3.5 / Appendix A df_rate at fixed (gamma, p_t, alpha).</summary>
    public static KeyLengthBreakdown EvaluateImproved(
        long rounds, double gamma, double pThreshold, double pt, double alpha, EatSecurityParameters eps, double leak)
    {
        double n = rounds;
        double s = ChshEntropyBound.Derivative(pt);
        double gpt = ChshEntropyBound.OfWinProbability(pt);
        double Tangent(double p) => gpt + s * (p - pt);
        double fmax = Tangent(1.0), fminSigma = Tangent(Chsh.MinWinProbability);
        double v = Math.Sqrt(gamma * (1.0 - gamma) * (s / gamma) * (s / gamma) + 2.0) + Math.Log2(2.0 * OutputDimension * OutputDimension + 1.0);
        double c = (alpha - 1.0) / (2.0 - alpha);
        double d = 2.0 * Math.Log2(OutputDimension) + fmax - fminSigma;
        double k = Math.Pow(2.0 - alpha, 3) / (6.0 * Math.Pow(3.0 - 2.0 * alpha, 3) * Math.Log(2.0)) * Math.Pow(2.0, c * d)
                   * Math.Pow(Math.Log(Math.Pow(2.0, d) + Math.E * Math.E), 3);
        double geps = EatMath.MinusLog2OneMinusSqrtOneMinusSquare(eps.Smoothing);
        double h = Tangent(pThreshold);
        double second = n * c * (Math.Log(2.0) / 2.0) * v * v;
        double smoothing = (geps + alpha * Math.Log2(1.0 / eps.EntropyAccumulation)) / (alpha - 1.0);
        double higher = n * c * c * k;
        double testSecond = Math.Sqrt(n) * 2.0 * EatMath.Log2Of7 * Math.Sqrt(1.0 - 2.0 * Math.Log2(eps.Smoothing / 4.0));
        double chain = 3.0 * EatMath.MinusLog2OneMinusSqrtOneMinusSquare(eps.Smoothing / 4.0);
        double hmin = n * h - second - smoothing - higher - n * gamma - testSecond - chain;
        double pa = 2.0 * Math.Log2(1.0 / eps.PrivacyAmplification);
        return new KeyLengthBreakdown(
            EatAnalysis.ReferenceSheetImproved, rounds, gamma, pThreshold, pt, alpha, 0.0, h, n * h, second, smoothing, higher,
            n * gamma, testSecond, chain, hmin, leak, pa, hmin - leak - pa);
    }

    internal static KeyLengthBreakdown Optimise(long rounds, double gamma, double pThreshold, EatSecurityParameters eps, double leak)
    {
        var (lo, hi) = EatMath.TradeoffPointRange(pThreshold);
        var (pt, _) = GoldenSection.Maximise(x => Evaluate(rounds, gamma, pThreshold, x, eps, leak).KeyLengthReal, lo, hi, 48, 40);
        return Evaluate(rounds, gamma, pThreshold, pt, eps, leak);
    }

    internal static KeyLengthBreakdown OptimiseImproved(long rounds, double gamma, double pThreshold, EatSecurityParameters eps, double leak)
    {
        var (lo, hi) = EatMath.TradeoffPointRange(pThreshold);
        double BestAlpha(double pt) => 1.0 + Math.Pow(10.0, GoldenSection.Maximise(
            t => EvaluateImproved(rounds, gamma, pThreshold, pt, 1.0 + Math.Pow(10.0, t), eps, leak).KeyLengthReal,
            -8.0, Math.Log10(0.49), 17, 36).X);
        var (ptBest, _) = GoldenSection.Maximise(
            x => EvaluateImproved(rounds, gamma, pThreshold, x, BestAlpha(x), eps, leak).KeyLengthReal, lo, hi, 24, 32);
        return EvaluateImproved(rounds, gamma, pThreshold, ptBest, BestAlpha(ptBest), eps, leak);
    }

    // The sheet's f_min: g(p) up to p_t, its tangent beyond; g is clamped at cos^2(pi/8) as in Appendix A.
    private static double SheetTradeoff(double p, double pt) =>
        p <= pt ? ChshEntropyBound.OfWinProbability(p) : ChshEntropyBound.OfWinProbability(pt) + ChshEntropyBound.Derivative(pt) * (p - pt);
}
