namespace QkdEdge.Emulator.Randomness;

/// <summary>
/// Probabilities as 64-bit thresholds: an event of probability p happens when a uniform 64-bit draw
/// is below <c>p * 2^64</c>. One integer compare per event, and no double conversion in hot loops.
/// </summary>
public static class Probability64
{
    private const double TwoTo64 = 18446744073709551616.0;

    /// <summary>Threshold for probability <paramref name="p"/>; p = 1 maps to ulong.MaxValue (misses with probability 2^-64).</summary>
    public static ulong Threshold(double p)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, "A probability must lie in [0, 1].");
        double scaled = p * TwoTo64;
        return scaled >= TwoTo64 ? ulong.MaxValue : (ulong)scaled;
    }
}
