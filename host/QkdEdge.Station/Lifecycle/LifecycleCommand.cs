namespace QkdEdge.Station.Lifecycle;

/// <summary>What the lifecycle asks the station's edge to do next.</summary>
public abstract record LifecycleCommand
{
    /// <summary>Try to bring the link up; report <see cref="LifecycleEvent.Connected"/> or <see cref="LifecycleEvent.Disconnected"/>.</summary>
    public sealed record Connect(StationLink Link) : LifecycleCommand;

    /// <summary>Report <see cref="LifecycleEvent.RetryDue"/> after <paramref name="Delay"/>.</summary>
    public sealed record ScheduleRetry(StationLink Link, TimeSpan Delay) : LifecycleCommand;

    /// <summary>Close the link, flushing what it holds, then report <see cref="LifecycleEvent.Closed"/>.</summary>
    public sealed record Close(StationLink Link) : LifecycleCommand;

    /// <summary>Everything is closed: the station's run is over.</summary>
    public sealed record Finish(bool Failed, string? Reason) : LifecycleCommand;
}
