using QkdEdge.Distillation.Bits;

namespace QkdEdge.Protocol.Planes;

/// <summary>
/// One station's raw click patterns for a block as two bit-planes (round i at bit i): the rounds detector 0 clicked
/// in, and those detector 1 did. Binning them to output bits is the engine's (<see cref="OutputPlane"/>). A quarter
/// of a byte per round, against a byte for the patterns as the board sends them.
/// </summary>
public sealed class ClickPlanes
{
    private readonly ulong[] _detector0;
    private readonly ulong[] _detector1;

    private ClickPlanes(int rounds)
        : this(rounds, new ulong[PackedBits.WordCount(rounds)], new ulong[PackedBits.WordCount(rounds)])
    {
    }

    private ClickPlanes(int rounds, ulong[] detector0, ulong[] detector1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rounds);
        Rounds = rounds;
        _detector0 = detector0;
        _detector1 = detector1;
    }

    public int Rounds { get; }

    public ReadOnlySpan<ulong> Detector0 => _detector0.AsSpan(0, PackedBits.WordCount(Rounds));

    public ReadOnlySpan<ulong> Detector1 => _detector1.AsSpan(0, PackedBits.WordCount(Rounds));

    /// <summary>Wraps planes built elsewhere (at least a word per 64 rounds; no bit past the last round may be set).</summary>
    public static ClickPlanes FromPlanes(int rounds, ulong[] detector0, ulong[] detector1)
    {
        ArgumentNullException.ThrowIfNull(detector0);
        ArgumentNullException.ThrowIfNull(detector1);
        ArgumentOutOfRangeException.ThrowIfNegative(rounds);
        int words = PackedBits.WordCount(rounds);
        if (detector0.Length < words || detector1.Length < words)
            throw new ArgumentException($"{rounds} rounds need planes of at least {words} words.");
        if (rounds % 64 != 0 && ((detector0[words - 1] | detector1[words - 1]) >> (rounds % 64)) != 0)
            throw new ArgumentException("A click bit past the last round is set.");
        return new ClickPlanes(rounds, detector0, detector1);
    }

    /// <summary>Patterns given a byte per round (bit 0 detector 0, bit 1 detector 1; higher bits are ignored).</summary>
    public static ClickPlanes FromBytes(ReadOnlySpan<byte> clicks)
    {
        var planes = new ClickPlanes(clicks.Length);
        ByteColumns.Plane(clicks, 0, planes._detector0);
        ByteColumns.Plane(clicks, 1, planes._detector1);
        return planes;
    }

    /// <summary>A byte per round again (tests, exports).</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Rounds];
        for (int i = 0; i < bytes.Length; i++)
            bytes[i] = (byte)(PackedBits.GetBit(_detector0, i) | (PackedBits.GetBit(_detector1, i) << 1));
        return bytes;
    }
}
