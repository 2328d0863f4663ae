using QkdEdge.Distillation.Bits;
using QkdEdge.Protocol.Description;
using QkdEdge.Rounds;

namespace QkdEdge.Protocol.Planes;

/// <summary>
/// A station's binned output bits as one bit-plane (round i at bit i), made from its raw click patterns: the
/// binning's truth table applied to the detector-0 and detector-1 planes, 64 rounds at a time.
/// </summary>
public static class OutputPlane
{
    /// <summary>Bins click patterns given a byte per round.</summary>
    public static ulong[] Bin(OutcomeBinning binning, ReadOnlySpan<byte> clicks)
    {
        var output = new ulong[PackedBits.WordCount(clicks.Length)];
        Bin(binning, clicks, output);
        return output;
    }

    /// <summary>As <see cref="Bin(OutcomeBinning, ReadOnlySpan{byte})"/>, into <paramref name="output"/> (bits past the last round cleared).</summary>
    public static void Bin(OutcomeBinning binning, ReadOnlySpan<byte> clicks, Span<ulong> output)
    {
        var table = new TruthTable(binning);
        int words = PackedBits.WordCount(clicks.Length);
        if (output.Length < words)
            throw new ArgumentException($"{clicks.Length} rounds need {words} words.", nameof(output));
        for (int w = 0; w < words; w++)
        {
            var bytes = clicks[(w << 6)..Math.Min(clicks.Length, (w + 1) << 6)];
            ulong valid = bytes.Length == 64 ? ulong.MaxValue : (1UL << bytes.Length) - 1;
            output[w] = table.Apply(ByteColumns.Word(bytes, 0), ByteColumns.Word(bytes, 1)) & valid;
        }
    }

    /// <summary>Bins a block's click planes.</summary>
    public static ulong[] Bin(OutcomeBinning binning, ClickPlanes clicks)
    {
        ArgumentNullException.ThrowIfNull(clicks);
        var table = new TruthTable(binning);
        var output = new ulong[clicks.Detector0.Length];
        for (int w = 0; w < output.Length; w++)
            output[w] = table.Apply(clicks.Detector0[w], clicks.Detector1[w]);
        PackedBits.ClearTail(output, clicks.Rounds);
        return output;
    }

    /// <summary>The binning as four masks, all ones where a pattern bins to 1.</summary>
    private readonly struct TruthTable
    {
        private readonly ulong _none, _only0, _only1, _both;

        public TruthTable(OutcomeBinning binning)
        {
            ArgumentNullException.ThrowIfNull(binning);
            _none = Ones(binning.Bin(ClickPattern.None));
            _only0 = Ones(binning.Bin(ClickPattern.Detector0));
            _only1 = Ones(binning.Bin(ClickPattern.Detector1));
            _both = Ones(binning.Bin(ClickPattern.Both));
        }

        public ulong Apply(ulong detector0, ulong detector1) =>
            (_none & ~detector0 & ~detector1) | (_only0 & detector0 & ~detector1) | (_only1 & ~detector0 & detector1) | (_both & detector0 & detector1);

        private static ulong Ones(byte bit) => bit != 0 ? ulong.MaxValue : 0;
    }
}
