using QkdEdge.Security.Asymptotic;

namespace QkdEdge.Security.FiniteKey;

/// <summary>Pieces shared by the entropy-accumulation bounds.</summary>
internal static class EatMath
{
    public static readonly double Log2Of7 = Math.Log2(7.0);
    public static readonly double Log2Of13 = Math.Log2(13.0);

    /// <summary>-log2(1 - sqrt(1 - x^2)), evaluated without cancellation for tiny x.</summary>
    public static double MinusLog2OneMinusSqrtOneMinusSquare(double x) =>
        Math.Log2((1.0 + Math.Sqrt(1.0 - x * x)) / (x * x));

    /// <summary>
    /// The CHSH min-tradeoff function of ARV/AF18 in terms of the normalised win probability p:
    /// g(p) for p &lt;= p_t, else the tangent of g at p_t.
    /// </summary>
    public static double TradeoffValue(double p, double pt)
    {
        if (p <= pt)
        {
            return ChshEntropyBound.OfWinProbability(p);
        }

        return ChshEntropyBound.OfWinProbability(pt) + ChshEntropyBound.Derivative(pt) * (p - pt);
    }

    /// <summary>Search range for p_t: (3/4, min(p_thr, cos^2(pi/8))), kept off the endpoints where g' is 0 or infinite.</summary>
    public static (double Lo, double Hi) TradeoffPointRange(double pThreshold)
    {
        double lo = Chsh.LocalWinProbability + 1e-9;
        double hi = Math.Min(pThreshold, Chsh.MaxWinProbability - 1e-9);
        return (lo, Math.Max(lo, hi));
    }
}
