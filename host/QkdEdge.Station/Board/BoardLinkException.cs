namespace QkdEdge.Station.Board;

/// <summary>
/// The board link cannot go on. <see cref="Retryable"/> says whether reconnecting may help (an unplugged
/// cable, a board that halted on an RNG alarm) or not (another protocol version, a configuration the board
/// refuses, an archive that belongs to another board).
/// </summary>
public sealed class BoardLinkException : Exception
{
    public BoardLinkException(string message, bool retryable, Exception? inner = null)
        : base(message, inner)
    {
        Retryable = retryable;
    }

    public bool Retryable { get; }
}
