using QkdEdge.Emulator.Randomness;

namespace QkdEdge.Emulator.Optics.Sampling;

/// <summary>
/// A set of discrete distributions over 2^b outcomes, each turned into a Walker alias table (built by
/// Vose's method) so that one 64-bit draw picks an outcome: the top b bits choose a bucket, the rest
/// are compared with the bucket's threshold, and the bucket's own outcome or its alias comes out.
/// Tables are stored flat, table t at [t * 2^b, (t+1) * 2^b).
/// </summary>
/// <remarks>
/// Hand-written because the hot loop needs exactly this memory layout and integer-only sampling;
/// general-purpose samplers draw doubles and allocate per call.
/// </remarks>
public sealed class AliasTables
{
    private readonly ulong[] _thresholds;
    private readonly ushort[] _aliases;

    /// <param name="probabilities">Table t's outcome probabilities at [t * outcomes, (t+1) * outcomes).</param>
    /// <param name="outcomeBits">b: each table has 2^b outcomes (1 to 16).</param>
    public AliasTables(ReadOnlySpan<double> probabilities, int outcomeBits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outcomeBits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(outcomeBits, 16);
        int outcomes = 1 << outcomeBits;
        if (probabilities.Length == 0 || probabilities.Length % outcomes != 0)
            throw new ArgumentException($"Expected whole tables of {outcomes} probabilities.", nameof(probabilities));

        OutcomeBits = outcomeBits;
        Tables = probabilities.Length / outcomes;
        _thresholds = new ulong[probabilities.Length];
        _aliases = new ushort[probabilities.Length];

        var scaled = new double[outcomes];
        var small = new Stack<int>(outcomes);
        var large = new Stack<int>(outcomes);
        for (int table = 0; table < Tables; table++)
            Build(probabilities.Slice(table * outcomes, outcomes), table * outcomes, scaled, small, large);
    }

    public int OutcomeBits { get; }

    public int Tables { get; }

    /// <summary>Outcome of table <paramref name="table"/> for the uniform 64-bit draw <paramref name="random"/>.</summary>
    public int Sample(int table, ulong random) => Sample(_thresholds, _aliases, OutcomeBits, table, random);

    /// <summary>Raw arrays for hot loops that inline the lookup (see <see cref="Sample(ulong[], ushort[], int, int, ulong)"/>).</summary>
    internal ulong[] Thresholds => _thresholds;

    internal ushort[] Aliases => _aliases;

    internal static int Sample(ulong[] thresholds, ushort[] aliases, int outcomeBits, int table, ulong random)
    {
        int bucket = (int)(random >> (64 - outcomeBits));
        int index = (table << outcomeBits) | bucket;
        return (random << outcomeBits) < thresholds[index] ? bucket : aliases[index];
    }

    private void Build(ReadOnlySpan<double> p, int offset, double[] scaled, Stack<int> small, Stack<int> large)
    {
        int n = p.Length;
        double total = 0;
        foreach (double value in p)
        {
            if (!(value >= 0))
                throw new ArgumentException("Probabilities must be non-negative numbers.");
            total += value;
        }
        // Tables come from Born-rule sums; anything further from 1 than round-off is a modelling bug.
        if (Math.Abs(total - 1) > 1e-9)
            throw new ArgumentException($"A distribution sums to {total}, not 1.");

        small.Clear();
        large.Clear();
        for (int i = 0; i < n; i++)
        {
            scaled[i] = p[i] / total * n;
            (scaled[i] < 1 ? small : large).Push(i);
        }
        while (small.Count > 0 && large.Count > 0)
        {
            int less = small.Pop(), more = large.Pop();
            _thresholds[offset + less] = Probability64.Threshold(scaled[less]);
            _aliases[offset + less] = (ushort)more;
            scaled[more] = scaled[more] + scaled[less] - 1;
            (scaled[more] < 1 ? small : large).Push(more);
        }
        // Whatever is left is full up to round-off: it always yields its own outcome.
        while (large.Count > 0)
            SetFull(offset, large.Pop());
        while (small.Count > 0)
            SetFull(offset, small.Pop());
    }

    private void SetFull(int offset, int bucket)
    {
        _thresholds[offset + bucket] = ulong.MaxValue;
        _aliases[offset + bucket] = (ushort)bucket;
    }
}
