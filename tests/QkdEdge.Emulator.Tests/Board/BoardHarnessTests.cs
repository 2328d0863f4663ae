using QkdEdge.Emulator.Board;
using QkdEdge.Emulator.Configuration;
using QkdEdge.Emulator.Entropy;
using QkdEdge.Emulator.Optics;
using QkdEdge.Emulator.Tests.Board.Support;
using QkdEdge.Emulator.Tests.Optics.Statistics;
using QkdEdge.Emulator.Timing;
using QkdEdge.Wire.Frames;
using QkdEdge.Wire.Framing;
using Xunit.Abstractions;

namespace QkdEdge.Emulator.Tests.Board;

/// <summary>
/// The harness end to end in memory: firmware cores on the shared optics, frames decoded by the wire
/// library's reference decoders. Seeds are fixed; statistical bounds are five standard errors, derived
/// in each test.
/// </summary>
public sealed class BoardHarnessTests(ITestOutputHelper output)
{
    /// <summary>Batches of the reference profile: 120 rounds.</summary>
    private const int Rounds = 120 * 1000;

    [Fact]
    public void RunRounds_WhenSameSeedTwice_SendsTheSameBytes()
    {
        using var first = TestRuns.Run(TestRuns.Autostarted(seed: 11), Rounds);
        using var second = TestRuns.Run(TestRuns.Autostarted(seed: 11), Rounds);
        using var other = TestRuns.Run(TestRuns.Autostarted(seed: 12), Rounds);

        for (int board = 0; board < 2; board++)
        {
            byte[] a = TestRuns.HostBytes(first, board), b = TestRuns.HostBytes(second, board), c = TestRuns.HostBytes(other, board);
            output.WriteLine($"board {board}: {a.Length} bytes");
            Assert.True(a.Length > Rounds / 4, "the boards sent their rounds");
            Assert.Equal(a, b);
            Assert.NotEqual(a, c);
        }
    }

    [Fact]
    public void RunRounds_WhenHonestDefault_HostSeesEveryRoundOfTheGroundTruth()
    {
        using var harness = TestRuns.Run(TestRuns.Autostarted(seed: 21), Rounds);

        foreach (var board in harness.Boards)
        {
            var frames = HostFrames.ReadToEnd(board.Link.HostStream);
            var truth = board.GroundTruth!.Snapshot();
            Assert.Equal(0, frames.Rejected);
            Assert.Equal(Rounds, frames.RoundCount);
            Assert.Equal(truth.Rounds, frames.RoundIndices);
            Assert.Equal(truth.Settings, frames.Settings);
            Assert.Equal(truth.Clicks, frames.Clicks);
            Assert.Equal(truth.TimeTags, frames.TimeTags);
        }
    }

    [Fact]
    public void RunRounds_WhenHonestDefault_ChshExceedsTheLocalBoundAsTheModelSays()
    {
        using var harness = TestRuns.Run(TestRuns.Autostarted(seed: 31), Rounds);
        var alice = HostFrames.ReadToEnd(harness.Boards[0].Link.HostStream);
        var bob = HostFrames.ReadToEnd(harness.Boards[1].Link.HostStream);

        // No missed triggers: round r of both boards met pulse r, so rounds pair by index.
        var chsh = ChshFromRounds.Compute(alice.Settings, alice.Clicks, bob.Settings, bob.Clicks, Rounds);
        output.WriteLine($"S = {chsh}");
        // About Rounds/6 = 20,000 rounds per setting pair: the standard error is near 0.007, so 2.6 is
        // some 30 errors below the ideal 2 sqrt2, and 5 errors bound the agreement with it.
        Assert.True(chsh.Value > 2.6, $"S = {chsh}");
        Assert.True(chsh.IsWithin(2 * Math.Sqrt(2)), $"S = {chsh}, expected 2 sqrt2");
    }

    [Fact]
    public void RunRounds_WhenNoisySourceAndLossyDetectors_ChshMatchesTheClosedForm()
    {
        var station = new StationOpticsOptions { Detector0Efficiency = 0.9, Detector1Efficiency = 0.9, Detector0DarkCountProbability = 1e-3, Detector1DarkCountProbability = 1e-3 };
        var optics = new OpticsOptions { Visibility = 0.9, StationOptics = [station, station] };
        using var harness = TestRuns.Run(TestRuns.Autostarted(seed: 32, optics), Rounds);
        var alice = HostFrames.ReadToEnd(harness.Boards[0].Link.HostStream);
        var bob = HostFrames.ReadToEnd(harness.Boards[1].Link.HostStream);

        var chsh = ChshFromRounds.Compute(alice.Settings, alice.Clicks, bob.Settings, bob.Clicks, Rounds);
        double expected = BinnedClosedForm.Chsh(station, station, 0.9);
        output.WriteLine($"S = {chsh}, closed form {expected:F4}");
        Assert.True(chsh.IsWithin(expected), $"S = {chsh}, expected {expected:F4}");
    }

    [Fact]
    public void RunRounds_WhenBobMissesTriggers_HisRoundsShiftAndHisTagsShowTheGaps()
    {
        const double missProbability = 0.01;
        var config = TestRuns.Autostarted(seed: 41, bobTiming: new StationTimingOptions { MissedTriggerProbability = missProbability });
        using var harness = TestRuns.Run(config, Rounds);
        var bobBoard = harness.Boards[1];
        var bob = HostFrames.ReadToEnd(bobBoard.Link.HostStream);
        var truth = bobBoard.GroundTruth!.Snapshot();
        uint period = harness.Plan.PulsePeriodTicks;

        Assert.Equal(truth.TimeTags, bob.TimeTags);
        long missed = truth.Pulses[^1] - truth.Pulses[0] + 1 - truth.Count;
        output.WriteLine($"Bob missed {missed} of {truth.Pulses[^1] + 1} pulses");
        // Missed triggers are Binomial(pulses, p): 5 standard errors around the mean.
        double pulses = truth.Pulses[^1] + 1, mean = pulses * missProbability, sd = Math.Sqrt(pulses * missProbability * (1 - missProbability));
        Assert.InRange(missed, mean - 5 * sd, mean + 5 * sd);

        // Round r of Bob met pulse r + (triggers missed before it), and his ideal clock shows each
        // missed pulse as one extra period between consecutive tags.
        int gaps = 0;
        for (int i = 1; i < bob.RoundCount; i++)
        {
            long pulseStep = truth.Pulses[i] - truth.Pulses[i - 1];
            Assert.Equal(pulseStep * period, bob.TimeTags[i] - bob.TimeTags[i - 1]);
            if (pulseStep > 1)
                gaps++;
        }
        Assert.True(gaps > 0);
        Assert.True(truth.Pulses[^1] > truth.Rounds[^1], "Bob's round indices fell behind the pulses");

        // Alice missed nothing: her round r is pulse r, so her rounds and Bob's no longer pair by index.
        var aliceTruth = harness.Boards[0].GroundTruth!.Snapshot();
        Assert.Equal(aliceTruth.Rounds, aliceTruth.Pulses);
    }

    [Fact]
    public void RunRounds_WhenBobsClockDrifts_HisTagsCountHisOwnTicks()
    {
        const double driftPpm = 150;
        const double offsetSeconds = 1e-3;
        var drifting = new StationTimingOptions { ClockDriftPpm = driftPpm, ClockOffsetSeconds = offsetSeconds };
        using var harness = TestRuns.Run(TestRuns.Autostarted(seed: 45, bobTiming: drifting), Rounds);
        var alice = HostFrames.ReadToEnd(harness.Boards[0].Link.HostStream);
        var bob = HostFrames.ReadToEnd(harness.Boards[1].Link.HostStream);
        double period = harness.Plan.PulsePeriodTicks;
        double tick = harness.Plan.Board.Profile.TickFrequencyHz;

        // Alice's ideal clock: exactly one period per round. Bob's: offset plus (1 + drift) periods per
        // round; each tag is the floor of his clock, so it is off by less than one tick.
        Assert.All(Enumerable.Range(0, Rounds), i => Assert.Equal(i * (long)period, alice.TimeTags[i]));
        for (int i = 0; i < Rounds; i += 997)
        {
            double expected = offsetSeconds * tick + i * period * (1 + driftPpm * 1e-6);
            Assert.InRange(bob.TimeTags[i], expected - 1, expected + 1);
        }
        Assert.Equal(bob.TimeTags[^1], harness.Boards[1].GroundTruth!.Snapshot().TimeTags[^1]);
    }

    [Fact]
    public void RunRounds_WhenAliceEntropySourceSticks_AliceHaltsAndTheHostGetsAnRngAlarm()
    {
        // Honest bytes for the start-up test, the boot id and some batches, then a stuck source.
        var stuck = new EntropySourceOptions { Kind = EntropySourceNames.Stuck, StuckValue = 0x5A, StuckAfterBytes = 1024 + 4 + 64 * 20 };
        var config = TestRuns.Autostarted(seed: 51, aliceEntropy: stuck);
        using var harness = TestRuns.Run(config, Rounds);
        var alice = harness.Boards[0];
        var bob = harness.Boards[1];
        var frames = HostFrames.ReadToEnd(alice.Link.HostStream);

        Assert.Equal(RunState.Halted, alice.State);
        var alarm = Assert.Single(frames.Alarms);
        Assert.Equal(RngHealthTest.RepetitionCount, alarm.Test);
        Assert.True(alarm.Observed >= alarm.Cutoff, $"observed {alarm.Observed}, cutoff {alarm.Cutoff}");
        // The alarm follows the last Rounds frame, and no round at or after the alarm's index was sent.
        Assert.Equal(FrameType.RngAlarm, frames.Types[^1]);
        Assert.True(frames.RoundCount > 0);
        Assert.True(frames.RoundIndices[^1] < alarm.RoundIndex);
        // The firmware drove its status lines: detectors off, alarm LED on.
        Assert.False(alice.StatusLines.DetectorsEnabled);
        Assert.True(alice.StatusLines.AlarmLed);
        // Bob's source kept running once Alice stopped.
        Assert.Equal(RunState.Running, bob.State);
        Assert.True(bob.RoundsCompleted >= Rounds);
    }

    [Fact]
    public void RunRounds_WhenPhotonsArriveOutsideTheGate_OnlyDarkCountsClick()
    {
        // Gate: the profile's widest, 45 ticks at 10 MHz = 4.5 us; photons 5 us late land outside it.
        const double darkCount = 0.05;
        var station = new StationOpticsOptions { Detector0DarkCountProbability = darkCount, Detector1DarkCountProbability = darkCount };
        var late = new StationTimingOptions { ClickOffsetSeconds = 5e-6 };
        var config = TestRuns.Autostarted(seed: 61, new OpticsOptions { StationOptics = [station, station] }, aliceTiming: late);
        using var harness = TestRuns.Run(config, Rounds);
        var truth = harness.Boards[0].GroundTruth!.Snapshot();

        long detector0 = truth.Clicks.Count(c => (c & 1) != 0);
        long detector1 = truth.Clicks.Count(c => (c & 2) != 0);
        // Each detector fires by dark count alone, Binomial(Rounds, p): 5 standard errors.
        double mean = Rounds * darkCount, sd = Math.Sqrt(Rounds * darkCount * (1 - darkCount));
        output.WriteLine($"detector 0: {detector0}, detector 1: {detector1}, expected {mean:F0} +- {sd:F0}");
        Assert.InRange(detector0, mean - 5 * sd, mean + 5 * sd);
        Assert.InRange(detector1, mean - 5 * sd, mean + 5 * sd);
    }

    [Fact]
    public void Cycle_WhenHostStartsBoardsAtDifferentTimes_RoundsStillMeetTheSamePulses()
    {
        // Without autostart the boards wait for commands; Alice starts many cycles before Bob.
        var config = TestRuns.Autostarted(seed: 71, autostart: false);
        using var early = BoardHarness.Create(RunPlan.Create(config));
        using var late = BoardHarness.Create(RunPlan.Create(config));

        StartAfter(early, aliceCycles: 1, bobCycles: 1);
        StartAfter(late, aliceCycles: 1, bobCycles: 500);
        foreach (var harness in new[] { early, late })
        {
            harness.RunRounds(12_000);
            harness.CompleteLinks();
        }

        Assert.Equal(early.Boards[0].GroundTruth!.Snapshot().Pulses, late.Boards[0].GroundTruth!.Snapshot().Pulses);
        Assert.Equal(TestRuns.HostBytes(early, 0), TestRuns.HostBytes(late, 0));
        Assert.Equal(TestRuns.HostBytes(early, 1), TestRuns.HostBytes(late, 1));
    }

    private static void StartAfter(BoardHarness harness, int aliceCycles, int bobCycles)
    {
        for (int cycle = 0; cycle < Math.Max(aliceCycles, bobCycles); cycle++)
        {
            if (cycle == aliceCycles - 1)
                SendConfigureAndStart(harness, 0, StationRole.Alice, 3);
            if (cycle == bobCycles - 1)
                SendConfigureAndStart(harness, 1, StationRole.Bob, 2);
            harness.Cycle();
        }
    }

    private static void SendConfigureAndStart(BoardHarness harness, int board, StationRole role, int alphabet)
    {
        byte[] commands = HostCommands.ConfigureAndStart(role, alphabet, harness.Plan.PulsePeriodTicks);
        harness.Boards[board].Link.HostStream.Write(commands);
    }
}
