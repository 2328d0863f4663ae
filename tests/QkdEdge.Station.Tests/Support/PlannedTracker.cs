using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Engine;
using QkdEdge.Station.Planning;
using QkdEdge.Station.Status;

namespace QkdEdge.Station.Tests.Support;

/// <summary>A station's status tracker on the test protocol's plan, reading the given clock.</summary>
internal static class PlannedTracker
{
    public static StatusTracker Create(StationRole role, TimeProvider time)
    {
        Assert.True(StationPlanner.TryPlan(StationPair.TestProtocol, Protocols.ChshVaziraniVidick, null, out var plan, out var error), error);
        return new StatusTracker(role, plan!, "/dev/null", "127.0.0.1:1", time: time);
    }
}
