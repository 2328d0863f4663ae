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
        ArgumentNullException.ThrowIfNull(binning);
        int words = PackedBits.WordCount(clicks.Length);
        var detector0 = new ulong[words];
        var output = new ulong[words];
        ByteBits.Plane(clicks, 0, detector0);
        ByteBits.Plane(clicks, 1, output); // detector 1, turned into the output in place below

        // The truth table as masks: all ones where the pattern bins to 1.
        ulong none = Ones(binning.Bin(ClickPattern.None)), only0 = Ones(binning.Bin(ClickPattern.Detector0));
        ulong only1 = Ones(binning.Bin(ClickPattern.Detector1)), both = Ones(binning.Bin(ClickPattern.Both));
        for (int w = 0; w < words; w++)
        {
            ulong d0 = detector0[w], d1 = output[w];
            output[w] = (none & ~d0 & ~d1) | (only0 & d0 & ~d1) | (only1 & ~d0 & d1) | (both & d0 & d1);
        }

        PackedBits.ClearTail(output, clicks.Length);
        return output;
    }

    private static ulong Ones(byte bit) => bit != 0 ? ulong.MaxValue : 0;
}
