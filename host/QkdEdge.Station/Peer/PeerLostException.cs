namespace QkdEdge.Station.Peer;

/// <summary>The peer session is unusable (broken, timed out, closed by the peer); the station reconnects.</summary>
public sealed class PeerLostException : Exception
{
    public PeerLostException(string message, bool retryable = true, Exception? inner = null)
        : base(message, inner)
    {
        Retryable = retryable;
    }

    /// <summary>False for failures a new session cannot fix (different plans, the same role at both ends).</summary>
    public bool Retryable { get; }
}
