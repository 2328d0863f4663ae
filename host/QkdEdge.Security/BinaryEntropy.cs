namespace QkdEdge.Security;

/// <summary>Binary (Shannon) entropy in bits and its inverse on [0, 1/2].</summary>
public static class BinaryEntropy
{
    /// <summary>h(p) = -p log2 p - (1-p) log2 (1-p), with h(0) = h(1) = 0. Values outside [0, 1] are misuse.</summary>
    public static double Of(double p)
    {
        ThrowHelper.ThrowIfNotProbability(p, nameof(p));
        if (p <= 0.0 || p >= 1.0)
        {
            return 0.0;
        }

        return -p * Math.Log2(p) - (1.0 - p) * Math.Log2(1.0 - p);
    }

    /// <summary>dh/dp = log2((1-p)/p) for p in (0, 1).</summary>
    public static double Derivative(double p)
    {
        ThrowHelper.ThrowIfNotProbability(p, nameof(p));
        return Math.Log2((1.0 - p) / p);
    }

    /// <summary>
    /// The p in [0, 1/2] with h(p) = value (value in [0, 1]). h is strictly increasing there, so bisection
    /// converges to double precision in at most 64 halvings; no library offers this inverse.
    /// </summary>
    public static double Inverse(double value)
    {
        if (double.IsNaN(value) || value < 0.0 || value > 1.0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(value), value, "an entropy in [0, 1] bits");
        }

        double lo = 0.0, hi = 0.5;
        for (int i = 0; i < 200 && hi - lo > 1e-17; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (Of(mid) < value)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return 0.5 * (lo + hi);
    }
}
