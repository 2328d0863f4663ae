using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Engine;
using QkdEdge.Station.Pipeline;
using QkdEdge.Station.Planning;
using QkdEdge.Station.Status;
using QkdEdge.Station.Tests.Support;

namespace QkdEdge.Station.Tests.Status;

/// <summary>The engine's phases as a block's processing stage: each phase its own stage, timed from when it began.</summary>
public sealed class ProtocolStatusTests
{
    private static StatusTracker Tracker(TimeProvider time)
    {
        Assert.True(StationPlanner.TryPlan(StationPair.TestProtocol, Protocols.ChshVaziraniVidick, null, out var plan, out var error), error);
        return new StatusTracker(StationRole.Alice, plan!, "/dev/null", "127.0.0.1:1", time: time);
    }

    [Fact]
    public void Report_ShowsThePhaseAsTheBlocksStage()
    {
        var time = new ManualClock();
        var status = Tracker(time);
        var progress = new ProtocolStatus(status, 7);

        progress.Report(new PhaseProgress(BlockPhase.ErrorCorrection, 2));

        var processing = status.Snapshot().Processing;
        Assert.NotNull(processing);
        Assert.Equal(7, processing.BlockId);
        Assert.Equal("protocol: error correction, round trip 2", processing.Stage);
    }

    [Fact]
    public void Report_EachPhaseStartsItsOwnClock_ARepeatKeepsIt()
    {
        var time = new ManualClock();
        var status = Tracker(time);
        var progress = new ProtocolStatus(status, 7);

        progress.Report(new PhaseProgress(BlockPhase.ErrorCorrection, 1));
        time.Now += TimeSpan.FromSeconds(5);
        progress.Report(new PhaseProgress(BlockPhase.ErrorCorrection, 1));
        Assert.Equal(DateTimeOffset.UnixEpoch, status.Snapshot().Processing!.Since);

        progress.Report(new PhaseProgress(BlockPhase.ErrorCorrection, 2));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(5), status.Snapshot().Processing!.Since);
    }
}
