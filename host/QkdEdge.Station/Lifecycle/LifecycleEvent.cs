namespace QkdEdge.Station.Lifecycle;

/// <summary>Something that happened to the station; fed to <see cref="StationLifecycle.Apply"/>.</summary>
public abstract record LifecycleEvent
{
    /// <summary>The operator started the station.</summary>
    public sealed record Start : LifecycleEvent;

    /// <summary>A link came up.</summary>
    public sealed record Connected(StationLink Link) : LifecycleEvent;

    /// <summary>
    /// A connection attempt failed or an up link was lost. <paramref name="Retryable"/> is false for errors
    /// no retry can fix (another protocol version, a peer that claims the same role, a wrong configuration).
    /// </summary>
    public sealed record Disconnected(StationLink Link, string Reason, bool Retryable) : LifecycleEvent;

    /// <summary>The backoff delay of a link ran out.</summary>
    public sealed record RetryDue(StationLink Link) : LifecycleEvent;

    /// <summary>The operator asked the station to stop (Ctrl-C, end of a demo).</summary>
    public sealed record StopRequested : LifecycleEvent;

    /// <summary>A link finished closing: everything it held is flushed.</summary>
    public sealed record Closed(StationLink Link) : LifecycleEvent;
}
