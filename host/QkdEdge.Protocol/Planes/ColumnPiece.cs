namespace QkdEdge.Protocol.Planes;

/// <summary>
/// Writes rounds [<paramref name="start"/>, <paramref name="start"/> + destination.Length) of a per-round byte
/// column into <paramref name="destination"/>: how a caller that gathers a column from elsewhere (the paired rounds
/// of a block) hands it to the planes a piece at a time, never holding a byte per round for the whole block.
/// </summary>
public delegate void ColumnPiece(int start, Span<byte> destination);

/// <summary>Drives a <see cref="ColumnPiece"/> over a block in pieces that start on plane-word boundaries.</summary>
internal static class ColumnPieces
{
    /// <summary>Rounds per piece: a multiple of 64, so each piece fills whole plane words.</summary>
    public const int PieceRounds = 1 << 16;

    /// <summary>Calls <paramref name="fill"/> for each piece, then <paramref name="convert"/> with the piece and its first plane word.</summary>
    public static void Run(int rounds, ColumnPiece fill, Action<byte[], int, int> convert)
    {
        var buffer = new byte[Math.Min(rounds, PieceRounds)];
        for (int start = 0; start < rounds; start += PieceRounds)
        {
            int length = Math.Min(PieceRounds, rounds - start);
            fill(start, buffer.AsSpan(0, length));
            convert(buffer, length, start >> 6);
        }
    }
}
