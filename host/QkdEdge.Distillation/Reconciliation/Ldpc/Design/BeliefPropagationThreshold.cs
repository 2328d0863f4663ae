namespace QkdEdge.Distillation.Reconciliation.Ldpc.Design;

/// <summary>Thresholds by bisection on a monotone "decodes at" predicate.</summary>
public static class BeliefPropagationThreshold
{
    /// <summary>
    /// The largest error rate in [<paramref name="low"/>, <paramref name="high"/>] at which
    /// <paramref name="decodesAt"/> holds, to (high - low) / 2^steps; <paramref name="low"/> itself if it fails there
    /// too (the caller sees that as a threshold at or below the bracket).
    /// </summary>
    public static double Bisect(Func<double, bool> decodesAt, double low, double high, int steps = 14)
    {
        ArgumentNullException.ThrowIfNull(decodesAt);
        if (!(low < high))
        {
            throw new ArgumentException("The bracket must have low < high.");
        }

        for (int i = 0; i < steps; i++)
        {
            double middle = 0.5 * (low + high);
            if (decodesAt(middle))
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>f = (1 - rate) / h(threshold): the efficiency a code of this rate reaches at its threshold.</summary>
    public static double EfficiencyAt(double designRate, double threshold) => (1 - designRate) / BinaryEntropy.Of(threshold);

    /// <summary>The error rate a code of this rate could correct at best: h(Q) = 1 - rate.</summary>
    public static double ShannonLimit(double designRate) => Bisect(q => BinaryEntropy.Of(q) <= 1 - designRate, 1e-9, 0.5, 50);
}
