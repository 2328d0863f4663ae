namespace QkdEdge.Station.Lifecycle;

/// <summary>Where one link stands.</summary>
public enum LinkPhase
{
    /// <summary>Not connected and not trying (before start, after stop).</summary>
    Down,

    /// <summary>An attempt to connect is under way.</summary>
    Connecting,

    /// <summary>Connected and working.</summary>
    Up,

    /// <summary>The last attempt or connection failed; the next attempt waits for the backoff delay.</summary>
    WaitingToRetry,

    /// <summary>Failed for good (an error no retry can fix, or the attempts ran out).</summary>
    GaveUp,
}
