namespace QkdEdge.Station.Tests.Support;

/// <summary>A clock that moves only when a test moves it.</summary>
internal sealed class ManualClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

    public override DateTimeOffset GetUtcNow() => Now;
}
