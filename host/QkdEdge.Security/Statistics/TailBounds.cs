namespace QkdEdge.Security.Statistics;

/// <summary>
/// Concentration inequalities for counts of rounds (win counts, error counts).
/// </summary>
/// <remarks>
/// <para>
/// Azuma-Hoeffding (soundness side, adaptive devices): let W_i in {0,1} indicate a won test round and F_i the
/// history up to round i. D_i = W_i - E[W_i | F_(i-1)] is a martingale difference sequence with D_i confined to
/// an interval of length 1 whatever the devices did before, so for m rounds
/// P( sum W_i - sum E[W_i | F_(i-1)] &lt;= -t ) &lt;= exp(-2 t^2 / m) (Azuma 1967; Hoeffding 1963, Thm 2 for the
/// bounded-difference form). Nothing is assumed about independence: the devices may choose each round's
/// behaviour from everything that happened before, which is exactly the adversarial (memory) setting of DI-QKD.
/// </para>
/// <para>
/// Chernoff-Kullback-Leibler (completeness side, honest i.i.d. devices): for X ~ Bin(m, p) and d &lt;= p,
/// P(X &lt;= m d) &lt;= exp(-m D(d || p)) with D the binary relative entropy in nats (Chernoff 1952; Hoeffding 1963,
/// eq. 2.1). It is tighter than Hoeffding when p is far from 1/2, e.g. for the rare test rounds of a long block.
/// It is only used to size thresholds so that honest devices pass, never for a security claim.
/// </para>
/// </remarks>
public static class TailBounds
{
    /// <summary>t/m with exp(-2 t^2 / m) = eps: sqrt(ln(1/eps) / (2 m)).</summary>
    public static double HoeffdingDeviation(double trials, double eps)
    {
        ThrowHelper.ThrowIfNotPositive(trials, nameof(trials));
        ThrowHelper.ThrowIfNotOpenUnit(eps, nameof(eps));
        return Math.Sqrt(Math.Log(1.0 / eps) / (2.0 * trials));
    }

    /// <summary>Binary relative entropy D(a || p) in nats (0 log 0 = 0).</summary>
    public static double RelativeEntropyNats(double a, double p)
    {
        ThrowHelper.ThrowIfNotProbability(a, nameof(a));
        ThrowHelper.ThrowIfNotOpenUnit(p, nameof(p));
        double d = 0.0;
        if (a > 0.0)
        {
            d += a * Math.Log(a / p);
        }

        if (a < 1.0)
        {
            d += (1.0 - a) * Math.Log((1.0 - a) / (1.0 - p));
        }

        return Math.Max(d, 0.0);
    }

    /// <summary>
    /// Smallest delta &gt;= 0 with exp(-m D(p - delta || p)) &lt;= eps: the count of an honest Bin(m, p) falls below
    /// m (p - delta) with probability at most eps. Returns p when even a count of 0 is that likely.
    /// </summary>
    public static double ChernoffLowerDeviation(double trials, double p, double eps) => Deviation(trials, p, eps, upper: false);

    /// <summary>Smallest delta with exp(-m D(p + delta || p)) &lt;= eps (upper tail of Bin(m, p)); at most 1 - p.</summary>
    public static double ChernoffUpperDeviation(double trials, double p, double eps) => Deviation(trials, p, eps, upper: true);

    private static double Deviation(double trials, double p, double eps, bool upper)
    {
        ThrowHelper.ThrowIfNotPositive(trials, nameof(trials));
        ThrowHelper.ThrowIfNotOpenUnit(p, nameof(p));
        ThrowHelper.ThrowIfNotOpenUnit(eps, nameof(eps));
        double target = Math.Log(1.0 / eps) / trials;
        double room = upper ? 1.0 - p : p;
        double Divergence(double delta) => RelativeEntropyNats(Math.Clamp(upper ? p + delta : p - delta, 0.0, 1.0), p);
        if (Divergence(room) <= target)
        {
            return room;
        }

        // D grows monotonically with delta on [0, room]: bisection.
        double lo = 0.0, hi = room;
        for (int i = 0; i < 200 && hi - lo > 1e-16 * Math.Max(1.0, hi); i++)
        {
            double mid = 0.5 * (lo + hi);
            if (Divergence(mid) < target)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return hi;
    }
}
