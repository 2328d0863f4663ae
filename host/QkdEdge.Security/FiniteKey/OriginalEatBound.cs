using QkdEdge.Security.Asymptotic;

namespace QkdEdge.Security.FiniteKey;

/// <summary>
/// Key length of CHSH DI-QKD by the original entropy accumulation theorem, in the structure of
/// Arnon-Friedman, Renner, Vidick (arXiv 1607.01797, DIQKD key-rate theorem; Arnon-Friedman et al.,
/// Nat. Commun. 9, 459 (2018), Methods):
/// <code>
/// l = n (f_min(p_thr, p_t) - gamma) - sqrt(n) (v1 + v2) - 3 log(1/(1 - sqrt(1 - (eps_s/4)^2))) - leak - 2 log(1/eps_PA)
/// v1 = 2 (log 13 + ceil(g'(p_t)/gamma)) sqrt(1 - 2 log(eps_s/4 * eps_EA))
/// v2 = 2 log 7 sqrt(1 - 2 log(eps_s/4 * eps_EA))
/// </code>
/// v1 is the second-order term of the EAT (Dupuis, Fawzi, Renner, CMP 379, 867 (2020), the EAT for
/// H_min conditioned on the pass event Omega with Pr[Omega] &gt;= eps_EA:
/// v = 2 (log(1 + 2 d_O) + ceil(||grad f||_inf)) sqrt(1 - 2 log(eps p_Omega))), with per-round output
/// A_i Btilde_i of dimension d_O = 2 x 3 = 6 and ||grad f||_inf = g'(p_t)/gamma. v2 and gamma n bound the
/// max-entropy of Bob's test outputs Btilde (alphabet {0, 1, bot}, hence log 7) by the max-entropy form of
/// the same theorem. The chain rule splits eps_s into four eps_s/4 pieces, which is why both EAT terms are
/// evaluated at smoothing eps_s/4 and why p_Omega &gt;= eps_EA enters v2 as well. Where the reference sheet's
/// reconstruction used eps_s (v1) or dropped eps_EA (v2), this follows the structure above; both changes can
/// only shorten the key (docs/security-analysis.md, "Differences from the reference sheet").
/// </summary>
internal static class OriginalEatBound
{
    public static KeyLengthBreakdown Evaluate(long rounds, double gamma, double pThreshold, double pt, EatSecurityParameters eps, double leak)
    {
        double n = rounds;
        double sqrtN = Math.Sqrt(n);
        double f = EatMath.TradeoffValue(pThreshold, pt);
        double gradient = Math.Ceiling(ChshEntropyBound.Derivative(pt) / gamma);
        double smoothing = eps.Smoothing / 4.0;
        double root = Math.Sqrt(1.0 - 2.0 * Math.Log2(smoothing * eps.EntropyAccumulation));
        double v1 = 2.0 * (EatMath.Log2Of13 + gradient) * root;
        double v2 = 2.0 * EatMath.Log2Of7 * root;
        double chain = 3.0 * EatMath.MinusLog2OneMinusSqrtOneMinusSquare(smoothing);
        double accumulated = n * f;
        double testBits = gamma * n;
        double hmin = accumulated - sqrtN * v1 - testBits - sqrtN * v2 - chain;
        double pa = 2.0 * Math.Log2(1.0 / eps.PrivacyAmplification);
        return new KeyLengthBreakdown(
            EatAnalysis.Original, rounds, gamma, pThreshold, pt, double.NaN, 0.0, f, accumulated, sqrtN * v1, 0.0, 0.0,
            testBits, sqrtN * v2, chain, hmin, leak, pa, hmin - leak - pa);
    }

    /// <summary>Best p_t in (3/4, p_thr]: for p_t above p_thr the value stays g(p_thr) while the gradient grows.</summary>
    public static KeyLengthBreakdown Optimise(long rounds, double gamma, double pThreshold, EatSecurityParameters eps, double leak)
    {
        var (lo, hi) = EatMath.TradeoffPointRange(pThreshold);
        var (pt, _) = GoldenSection.Maximise(
            x => Evaluate(rounds, gamma, pThreshold, x, eps, leak).KeyLengthReal, lo, hi, gridPoints: 48, iterations: 40);
        return Evaluate(rounds, gamma, pThreshold, pt, eps, leak);
    }
}
