using QkdEdge.Protocol.Engine;
using QkdEdge.Station.Pipeline;
using QkdEdge.Station.Status;
using QkdEdge.Station.Tests.Support;

namespace QkdEdge.Station.Tests.Status;

/// <summary>The engine's phases as a block's processing stage: each phase its own stage, timed from when it began.</summary>
public sealed class ProtocolStatusTests
{
    [Fact]
    public void Report_ShowsThePhaseAsTheBlocksStage()
    {
        var time = new ManualClock();
        var status = PlannedTracker.Create(StationRole.Alice, time);
        var progress = new ProtocolStatus(status, 7, time);

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
        var status = PlannedTracker.Create(StationRole.Alice, time);
        var progress = new ProtocolStatus(status, 7, time);

        progress.Report(new PhaseProgress(BlockPhase.ErrorCorrection, 1));
        time.Now += TimeSpan.FromSeconds(5);
        progress.Report(new PhaseProgress(BlockPhase.ErrorCorrection, 1));
        Assert.Equal(DateTimeOffset.UnixEpoch, status.Snapshot().Processing!.Since);

        progress.Report(new PhaseProgress(BlockPhase.ErrorCorrection, 2));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(5), status.Snapshot().Processing!.Since);
    }

    [Fact]
    public void PhaseTimes_GivesEachPhaseItsDuration_AndErrorCorrectionItsRoundTrips()
    {
        var time = new ManualClock();
        var progress = new ProtocolStatus(PlannedTracker.Create(StationRole.Alice, time), 7, time);

        progress.Report(new PhaseProgress(BlockPhase.TestSelection));
        time.Now += TimeSpan.FromSeconds(0.5);
        progress.Report(new PhaseProgress(BlockPhase.BellTest));
        time.Now += TimeSpan.FromSeconds(2);
        progress.Report(new PhaseProgress(BlockPhase.ErrorCorrection, 1));
        time.Now += TimeSpan.FromSeconds(1);
        progress.Report(new PhaseProgress(BlockPhase.ErrorCorrection, 2));
        time.Now += TimeSpan.FromSeconds(1.5);
        progress.Report(new PhaseProgress(BlockPhase.Commit));
        time.Now += TimeSpan.FromSeconds(0.2);

        Assert.Equal("test selection 0.5 s, Bell test 2.0 s, error correction 2.5 s (2 round trips), commit 0.2 s", progress.PhaseTimes());
    }

    [Fact]
    public void PhaseTimes_WhenNothingWasReported_IsEmpty()
    {
        var time = new ManualClock();
        Assert.Equal("", new ProtocolStatus(PlannedTracker.Create(StationRole.Alice, time), 7, time).PhaseTimes());
    }
}
