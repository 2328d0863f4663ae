namespace QkdEdge.Distillation.Reconciliation;

/// <summary>h(p) = -p log2 p - (1 - p) log2 (1 - p), with h(0) = h(1) = 0.</summary>
public static class BinaryEntropy
{
    public static double Of(double p)
    {
        if (double.IsNaN(p) || p < 0 || p > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "A probability in [0, 1] is required.");
        }

        return p <= 0 || p >= 1 ? 0 : (-p * Math.Log2(p)) - ((1 - p) * Math.Log2(1 - p));
    }
}
