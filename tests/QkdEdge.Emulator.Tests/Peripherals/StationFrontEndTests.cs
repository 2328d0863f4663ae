using QkdEdge.Emulator.Board;
using QkdEdge.Emulator.Configuration;
using QkdEdge.Emulator.Tests.Board.Support;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Emulator.Tests.Peripherals;

/// <summary>The optical front end through the firmware that drives it.</summary>
public sealed class StationFrontEndTests
{
    [Fact]
    public void Load_WhenAlphabetExceedsTheOpticsSettings_BatchesAreLostAsOverruns()
    {
        // Bob's optics measure two settings; a host that configures three gets batches the setting
        // lines cannot play: the firmware counts them as overruns and sends no rounds.
        using var harness = BoardHarness.Create(RunPlan.Create(TestRuns.Autostarted(seed: 81, autostart: false)));
        uint period = harness.Plan.PulsePeriodTicks;
        harness.Boards[0].Link.HostStream.Write(HostCommands.ConfigureAndStart(StationRole.Alice, 3, period));
        harness.Boards[1].Link.HostStream.Write(HostCommands.ConfigureAndStart(StationRole.Bob, 3, period));
        var bob = harness.Boards[1];

        harness.RunUntil(h => bob.Firmware.Counters.Overruns >= 3 && h.Boards[0].RoundsCompleted >= 1200);
        harness.CompleteLinks();

        Assert.True(bob.FrontEnd.UnservableBatches >= 3);
        var frames = HostFrames.ReadToEnd(bob.Link.HostStream);
        Assert.Equal(0, frames.RoundsFrames);
        Assert.All(frames.Acks, ack => Assert.Equal(AckResult.Ok, ack.Result));
        Assert.True(harness.Boards[0].RoundsCompleted >= 1200, "Alice's rounds are unaffected");
    }

    [Fact]
    public void TryCollect_WhenRunsTwice_RecordsEachRoundOnceInPulseOrder()
    {
        using var harness = TestRuns.Run(TestRuns.Autostarted(seed: 82), 2400);
        var truth = harness.Boards[1].GroundTruth!.Snapshot();

        Assert.Equal(Enumerable.Range(0, truth.Count).Select(i => (long)i), truth.Rounds);
        Assert.True(truth.Pulses.Zip(truth.Pulses.Skip(1)).All(p => p.First < p.Second));
        Assert.True(harness.Boards[1].GroundTruth!.TryFind(1234, out var round));
        Assert.Equal(1234, round.Round);
        Assert.False(harness.Boards[1].GroundTruth!.TryFind(truth.Count + 5, out _));
    }
}
