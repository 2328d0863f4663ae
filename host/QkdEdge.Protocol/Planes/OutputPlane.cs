using QkdEdge.Distillation.Bits;
using QkdEdge.Protocol.Description;
using QkdEdge.Rounds;

namespace QkdEdge.Protocol.Planes;

/// <summary>A station's binned output bits as one bit-plane (round i at bit i), made from its raw click patterns.</summary>
public static class OutputPlane
{
    /// <summary>
    /// Bins every round with <paramref name="binning"/>: the detector-0 and detector-1 click bits become two
    /// planes, and the output is the binning's truth table over them, applied 64 rounds at a time.
    /// </summary>
    public static ulong[] Bin(OutcomeBinning binning, ReadOnlySpan<byte> clicks)
    {
        var output = new ulong[PackedBits.WordCount(clicks.Length)];
        Bin(binning, clicks, output);
        return output;
    }

    /// <summary>As <see cref="Bin(OutcomeBinning, ReadOnlySpan{byte})"/>, into <paramref name="output"/> (bits past the last round cleared).</summary>
    public static void Bin(OutcomeBinning binning, ReadOnlySpan<byte> clicks, Span<ulong> output)
    {
        ArgumentNullException.ThrowIfNull(binning);
        int words = PackedBits.WordCount(clicks.Length);
        if (output.Length < words)
            throw new ArgumentException($"{clicks.Length} rounds need {words} words.", nameof(output));

        // The truth table as masks: all ones where the pattern bins to 1.
        ulong none = Ones(binning.Bin(ClickPattern.None)), only0 = Ones(binning.Bin(ClickPattern.Detector0));
        ulong only1 = Ones(binning.Bin(ClickPattern.Detector1)), both = Ones(binning.Bin(ClickPattern.Both));
        for (int w = 0; w < words; w++)
        {
            var bytes = clicks[(w << 6)..Math.Min(clicks.Length, (w + 1) << 6)];
            ulong d0 = ByteColumns.Word(bytes, 0), d1 = ByteColumns.Word(bytes, 1);
            ulong valid = bytes.Length == 64 ? ulong.MaxValue : (1UL << bytes.Length) - 1;
            output[w] = ((none & ~d0 & ~d1) | (only0 & d0 & ~d1) | (only1 & ~d0 & d1) | (both & d0 & d1)) & valid;
        }
    }

    private static ulong Ones(byte bit) => bit != 0 ? ulong.MaxValue : 0;
}
