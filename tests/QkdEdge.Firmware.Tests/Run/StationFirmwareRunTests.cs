using QkdEdge.Firmware.Tests.Fakes;
using QkdEdge.Wire.Frames;
using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Packing;

namespace QkdEdge.Firmware.Tests.Run;

/// <summary>The batch path: settings out, clicks in, Rounds frames, counters, alarms.</summary>
public sealed class StationFirmwareRunTests
{
    [Fact]
    public void Step_WhenBatchesComplete_SendsOneRoundsFramePerBatchWithWhatThePeripheralsSawAndGave()
    {
        var harness = new FirmwareHarness();
        harness.BootConfigureAndStart(alphabet: 3, batch: 120);

        for (int batch = 0; batch < 3; batch++)
        {
            var loaded = new byte[120];
            Assert.Equal(-1, SettingsPacking.Unpack(harness.Output.LastPacked, 0, 120, 3, loaded, 0));
            long armedAt = harness.Clock.Ticks - FirmwareHarness.Period;

            harness.Step(); // collect and send
            var (frame, settings, clicks, tags) = Assert.Single(harness.Link.ReadFrames()).ReadRounds();

            Assert.Equal(batch * 120L, frame.FirstRoundIndex);
            Assert.Equal(batch * 120L, harness.Capture.LastFirstRound);
            Assert.Equal(120, frame.RoundCount);
            Assert.Equal(3, frame.AlphabetSize);
            Assert.Equal(FirmwareHarness.Period, frame.PeriodTicks);
            Assert.Equal(loaded, settings);
            Assert.Equal(harness.Capture.LastClicks[..120], clicks);
            Assert.Equal(Enumerable.Range(0, 120).Select(i => armedAt + i * (long)FirmwareHarness.Period), tags);

            harness.Step(); // draw and load the next batch
        }

        Assert.Equal(3u, harness.Firmware.Counters.Batches);
        Assert.Equal(360, harness.Firmware.Counters.RoundsCompleted);
    }

    [Fact]
    public void Step_WhenBatchesComplete_TalliesNoClicksSinglesAndDoubleClicks()
    {
        var harness = new FirmwareHarness();
        harness.BootConfigureAndStart(alphabet: 2, batch: 100);
        var expected = new long[4];

        for (int batch = 0; batch < 5; batch++)
        {
            harness.Step();
            var (_, _, clicks, _) = Assert.Single(harness.Link.ReadFrames()).ReadRounds();
            foreach (byte c in clicks)
                expected[c]++;
            harness.Step();
        }

        var tally = harness.Firmware.Clicks;
        Assert.Equal(500, tally.TotalGates);
        Assert.Equal(expected[0], tally.TotalNoClicks);
        Assert.Equal(expected[3], tally.TotalDoubleClicks);
        Assert.Equal(expected[1] + expected[3], tally.TotalDetector0Clicks);
        Assert.Equal(expected[2] + expected[3], tally.TotalDetector1Clicks);
    }

    [Fact]
    public void Step_WhenCaptureIsStillPending_WaitsWithoutSending()
    {
        var harness = new FirmwareHarness();
        harness.Capture.PendingPolls = 3;
        harness.BootConfigureAndStart();

        harness.Step(3);
        Assert.Empty(harness.Link.ReadFrames());

        harness.Step();
        Assert.Equal(FrameType.Rounds, Assert.Single(harness.Link.ReadFrames()).Type);
    }

    [Fact]
    public void Step_WhenCaptureOverruns_CountsItSendsNothingAndSkipsTheRoundIndices()
    {
        var harness = new FirmwareHarness();
        harness.BootConfigureAndStart(batch: 50);
        harness.Capture.OverrunNext = true;

        harness.Step(2); // overrun batch 0, load batch 1
        harness.Step();  // send batch 1

        var (frame, _, _, _) = Assert.Single(harness.Link.ReadFrames()).ReadRounds();
        Assert.Equal(50, frame.FirstRoundIndex);
        Assert.Equal(1u, harness.Firmware.Counters.Overruns);
        Assert.Equal(2u, harness.Firmware.Counters.Batches);
    }

    [Fact]
    public void Step_WhenLinkRefusesARoundsFrame_CountsADroppedBatchAndLeavesASequenceGap()
    {
        var harness = new FirmwareHarness();
        uint lastSequence = harness.BootConfigureAndStart(batch: 50).Last().Sequence;
        harness.Link.RefuseWrites = true;
        harness.Step(2);
        harness.Link.RefuseWrites = false;

        harness.Step();
        var frames = harness.Command(FrameType.StatusRequest);

        var status = frames.Single(f => f.Type == FrameType.Status).ReadStatus();
        Assert.Equal(1u, status.DroppedBatches);
        var rounds = frames.Where(f => f.Type == FrameType.Rounds).ToList();
        Assert.Equal(50, Assert.Single(rounds).ReadRounds().Frame.FirstRoundIndex);
        Assert.Equal(lastSequence + 2, rounds[0].Sequence); // the refused frame used up one number
        Assert.Equal(2u, status.Batches);
    }

    [Fact]
    public void Stop_WhenABatchIsInFlight_AbandonsItAndNeverReusesItsRoundIndices()
    {
        var harness = new FirmwareHarness();
        harness.BootConfigureAndStart(batch: 40); // batch 0 is loaded
        harness.Command(FrameType.Stop);

        harness.Command(FrameType.Start);
        harness.Step();
        var rounds = harness.Link.ReadFrames().Single(f => f.Type == FrameType.Rounds).ReadRounds();

        Assert.Equal(40, rounds.Frame.FirstRoundIndex);
        Assert.Equal(1u, harness.Firmware.Counters.AbandonedBatches);
    }

    [Fact]
    public void Step_WhenEntropySourceGetsStuck_HaltsSendsAnAlarmAndRefusesStartUntilASelfTestPasses()
    {
        var source = new StuckEntropySource(3, stuckValue: 0xA5);
        var harness = new FirmwareHarness(entropy: source);
        harness.BootConfigureAndStart(alphabet: 3, batch: 120);
        harness.Step(); // batch 0 sent
        harness.Link.ReadFrames();

        source.Stuck = true;
        harness.Step(10);

        var frames = harness.Link.ReadFrames();
        var alarm = Assert.Single(frames, f => f.Type == FrameType.RngAlarm).ReadAlarm();
        Assert.Equal(RngHealthTest.RepetitionCount, alarm.Test);
        Assert.Equal(21u, alarm.Cutoff); // 1 + ceil(20 / 1.0): the ESP32 profile's claim
        Assert.Equal(21u, alarm.Observed);
        Assert.Equal(0u, alarm.WindowSize);
        Assert.Equal(harness.Firmware.Counters.RoundsCompleted, alarm.RoundIndex);
        Assert.Equal(RunState.Halted, harness.Firmware.State);
        Assert.DoesNotContain(frames.SkipWhile(f => f.Type != FrameType.RngAlarm), f => f.Type == FrameType.Rounds);

        Assert.Equal(AckResult.RngHalted, harness.Command(FrameType.Start).Last().ReadAck().Result);
        var failed = harness.Command(FrameType.SelfTest);
        Assert.Equal(RngHealthTest.Startup, failed[0].ReadAlarm().Test);
        Assert.Equal(AckResult.SelfTestFailed, failed[1].ReadAck().Result);

        source.Stuck = false;
        Assert.Equal(AckResult.Ok, harness.Command(FrameType.SelfTest).Single().ReadAck().Result);
        var restart = harness.Command(FrameType.Start).Single().ReadAck();
        Assert.Equal(AckResult.Ok, restart.Result);
        Assert.Equal(RunState.Running, restart.State);
        Assert.Equal(2u, harness.Firmware.Counters.RngAlarms);
    }

    [Fact]
    public void Step_WhenEntropySourceIsStuckAtBoot_ReportsHaltedAndAStartupAlarm()
    {
        var harness = new FirmwareHarness(entropy: new StuckEntropySource(1, 0x00) { Stuck = true });

        harness.Step();

        var frames = harness.Link.ReadFrames();
        Assert.Equal([FrameType.Info, FrameType.RngAlarm], frames.Select(f => f.Type));
        Assert.Equal(RunState.Halted, frames[0].ReadInfo().State);
        Assert.Equal(0u, frames[0].ReadInfo().BootId);
        Assert.Equal(RngHealthTest.Startup, frames[1].ReadAlarm().Test);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Step_WhenAlphabetIsConfigured_SendsSettingsBelowIt(int alphabet)
    {
        var harness = new FirmwareHarness();
        harness.BootConfigureAndStart(alphabet: alphabet, batch: 120);

        harness.Step();
        var (frame, settings, _, _) = Assert.Single(harness.Link.ReadFrames()).ReadRounds();

        Assert.Equal(alphabet, frame.AlphabetSize);
        Assert.All(settings, s => Assert.InRange(s, 0, alphabet - 1));
        Assert.Equal(alphabet, settings.Distinct().Count());
    }
}
