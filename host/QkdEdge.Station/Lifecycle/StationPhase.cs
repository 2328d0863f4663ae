namespace QkdEdge.Station.Lifecycle;

/// <summary>The station as a whole.</summary>
public enum StationPhase
{
    /// <summary>Built, not started.</summary>
    Created,

    /// <summary>Started; not yet had both links up at once.</summary>
    Starting,

    /// <summary>Both links up: rounds flow into the archive and blocks run with the peer.</summary>
    Running,

    /// <summary>A link that was up is down again and being reconnected with backoff.</summary>
    Recovering,

    /// <summary>Closing the links: the board is stopped and its last rounds archived, the peer session ended.</summary>
    Stopping,

    /// <summary>Stopped cleanly on request.</summary>
    Stopped,

    /// <summary>Stopped because a link failed for good.</summary>
    Failed,
}
