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
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rounds);
        Rounds = rounds;
        _detector0 = new ulong[PackedBits.WordCount(rounds)];
        _detector1 = new ulong[_detector0.Length];
    }

    public int Rounds { get; }

    public ReadOnlySpan<ulong> Detector0 => _detector0;

    public ReadOnlySpan<ulong> Detector1 => _detector1;

    /// <summary>Patterns given a byte per round (bit 0 detector 0, bit 1 detector 1; higher bits are ignored).</summary>
    public static ClickPlanes FromBytes(ReadOnlySpan<byte> clicks)
    {
        var planes = new ClickPlanes(clicks.Length);
        ByteColumns.Plane(clicks, 0, planes._detector0);
        ByteColumns.Plane(clicks, 1, planes._detector1);
        return planes;
    }

    /// <summary>Patterns delivered a piece at a time (see <see cref="ColumnPiece"/>).</summary>
    public static ClickPlanes FromPieces(int rounds, ColumnPiece fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        var planes = new ClickPlanes(rounds);
        ColumnPieces.Run(rounds, fill, (piece, length, word) =>
        {
            ByteColumns.Plane(piece.AsSpan(0, length), 0, planes._detector0.AsSpan(word));
            ByteColumns.Plane(piece.AsSpan(0, length), 1, planes._detector1.AsSpan(word));
        });
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
