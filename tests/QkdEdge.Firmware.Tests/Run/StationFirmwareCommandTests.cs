using QkdEdge.Firmware.Board;
using QkdEdge.Firmware.Tests.Fakes;
using QkdEdge.Wire.Frames;
using QkdEdge.Wire.Framing;

namespace QkdEdge.Firmware.Tests.Run;

/// <summary>Command handling, driven through the wire protocol's own encoder and decoder.</summary>
public sealed class StationFirmwareCommandTests
{
    [Fact]
    public void Step_WhenFirstCalled_BootsAndSendsInfoAsFrameZero()
    {
        var harness = new FirmwareHarness();

        harness.Step();

        var frame = Assert.Single(harness.Link.ReadFrames());
        Assert.Equal(0u, frame.Sequence);
        Assert.Equal(FirmwareHarness.StationId, frame.StationId);
        var info = frame.ReadInfo();
        Assert.Equal(Esp32DevKitCProfile.Id, info.GetProfileId());
        Assert.Equal(FirmwareVersion.Major, info.FirmwareMajor);
        Assert.Equal(FirmwareVersion.Minor, info.FirmwareMinor);
        Assert.Equal(Esp32DevKitCProfile.TickFrequencyHz, info.TickFrequencyHz);
        Assert.Equal(Esp32DevKitCProfile.MaxBatchSize, info.MaxBatchSize);
        Assert.Equal(RunState.Idle, info.State);
        Assert.Equal(0, info.AlphabetSize);
        Assert.Equal(harness.Firmware.BootId, info.BootId);
    }

    [Fact]
    public void Hello_WhenReceived_IsAnsweredByInfoThenAck()
    {
        var harness = new FirmwareHarness();
        harness.Boot();

        uint sequence = harness.Link.SendCommand(FrameType.Hello);
        harness.Step();
        var frames = harness.Link.ReadFrames();

        Assert.Equal([FrameType.Info, FrameType.Ack], frames.Select(f => f.Type));
        Assert.Equal([1u, 2u], frames.Select(f => f.Sequence));
        var ack = frames[1].ReadAck();
        Assert.Equal(FrameType.Hello, ack.CommandType);
        Assert.Equal(sequence, ack.CommandSequence);
        Assert.Equal(AckResult.Ok, ack.Result);
    }

    [Fact]
    public void Configure_WhenValid_IsAppliedAndReportedByInfo()
    {
        var harness = new FirmwareHarness();
        harness.Boot();
        harness.Link.SendConfigure(StationRole.Alice, 3, 100, 30, 2_000);
        harness.Link.SendCommand(FrameType.Hello);
        harness.Step();

        var frames = harness.Link.ReadFrames();

        Assert.Equal([FrameType.Ack, FrameType.Info, FrameType.Ack], frames.Select(f => f.Type));
        Assert.Equal(AckResult.Ok, frames[0].ReadAck().Result);
        var info = frames[1].ReadInfo();
        Assert.Equal(StationRole.Alice, info.Role);
        Assert.Equal(3, info.AlphabetSize);
        Assert.Equal(100, info.BatchSize);
        Assert.Equal(30u, info.GateWidthTicks);
        Assert.Equal(2_000u, info.RoundPeriodTicks);
        Assert.Equal(2_000u, harness.Output.RoundPeriodTicks);
        Assert.Equal(30u, harness.Output.GateWidthTicks);
    }

    [Theory]
    [InlineData(5, 120, 40u, 1_000u)]   // alphabet above the board's two setting lines
    [InlineData(3, 121, 40u, 1_000u)]   // batch above the board's capture memory
    [InlineData(3, 120, 40u, 99u)]      // period below the board's minimum
    [InlineData(3, 120, 46u, 1_000u)]   // gate wider than the capture can tell from a click
    [InlineData(3, 120, 9u, 1_000u)]    // gate narrower than the receiver's glitch filter allows
    public void Configure_WhenBeyondTheBoardsLimits_IsRefusedAsInvalidParameter(int alphabet, int batch, uint gate, uint period)
    {
        var harness = new FirmwareHarness();
        harness.Boot();

        harness.Link.SendConfigure(StationRole.Bob, alphabet, batch, gate, period);
        harness.Step();

        var ack = harness.Link.ReadFrames().Last().ReadAck();
        Assert.Equal(AckResult.InvalidParameter, ack.Result);
        Assert.False(harness.Firmware.Configuration.IsConfigured);
    }

    [Fact]
    public void Start_WhenNotConfigured_IsRefusedAsWrongState()
    {
        var harness = new FirmwareHarness();
        harness.Boot();

        var ack = harness.Command(FrameType.Start).Last().ReadAck();

        Assert.Equal(AckResult.WrongState, ack.Result);
        Assert.Equal(RunState.Idle, ack.State);
    }

    [Fact]
    public void Start_WhenEntropySourceIsNotQualified_IsRefusedAsRngHalted()
    {
        var harness = new FirmwareHarness(qualified: false);

        var frames = harness.BootConfigureAndStart();

        var ack = frames.Last().ReadAck();
        Assert.Equal(FrameType.Start, ack.CommandType);
        Assert.Equal(AckResult.RngHalted, ack.Result);
        Assert.Equal(RunState.Idle, harness.Firmware.State);
    }

    [Fact]
    public void Start_WhenConfigured_RunsAndStopEndsTheRun()
    {
        var harness = new FirmwareHarness();
        var ack = harness.BootConfigureAndStart().Last().ReadAck();
        Assert.Equal(AckResult.Ok, ack.Result);
        Assert.Equal(RunState.Running, ack.State);

        var stopAck = harness.Command(FrameType.Stop).Last().ReadAck();

        Assert.Equal(AckResult.Ok, stopAck.Result);
        Assert.Equal(RunState.Idle, stopAck.State);
        Assert.Equal(RunState.Idle, harness.Firmware.State);
    }

    [Fact]
    public void Configure_WhileRunning_IsRefusedAsWrongState()
    {
        var harness = new FirmwareHarness();
        harness.BootConfigureAndStart();

        harness.Link.SendConfigure(StationRole.Bob, 2, 64, 40, 1_000);
        harness.Step();

        var ack = harness.Link.ReadFrames().Single(f => f.Type == FrameType.Ack).ReadAck();
        Assert.Equal(AckResult.WrongState, ack.Result);
        Assert.Equal(3, harness.Firmware.Configuration.AlphabetSize);
    }

    [Fact]
    public void StatusRequest_WhenReceived_IsAnsweredByStatusThenAck()
    {
        var harness = new FirmwareHarness();
        harness.Boot();

        var frames = harness.Command(FrameType.StatusRequest);

        Assert.Equal([FrameType.Status, FrameType.Ack], frames.Select(f => f.Type));
        var status = frames[0].ReadStatus();
        Assert.Equal(RunState.Idle, status.State);
        Assert.Equal(0, status.RoundsCompleted);
        Assert.Equal(harness.Clock.Ticks - FirmwareHarness.Period, status.CurrentTick); // the clock moves on after each step
    }

    [Fact]
    public void Command_WhenAddressedToAnotherStation_IsAnsweredWithWrongStation()
    {
        var harness = new FirmwareHarness();
        harness.Boot();

        var frames = harness.Command(FrameType.Start, stationId: FirmwareHarness.StationId + 1);

        Assert.Equal(AckResult.WrongStation, Assert.Single(frames).ReadAck().Result);
    }

    [Fact]
    public void Command_WhenAddressedToThisStationById_IsExecuted()
    {
        var harness = new FirmwareHarness();
        harness.Boot();

        var frames = harness.Command(FrameType.Hello, stationId: FirmwareHarness.StationId);

        Assert.Equal(AckResult.Ok, frames.Last().ReadAck().Result);
    }

    [Fact]
    public void Command_WhenItsCrcIsDamaged_GetsNoAckAndIsCounted()
    {
        var harness = new FirmwareHarness();
        harness.Boot();
        var writer = new FrameWriter(WireLimits.BroadcastStationId);
        var bytes = new byte[WireLimits.MaxWireFrameBytes];
        int length = writer.WriteCommand(FrameType.Hello, bytes, 0);
        bytes[2] ^= 0x01; // flip a bit inside the encoded frame

        harness.Link.SendRaw(bytes[..length]);
        harness.Step();
        var status = harness.Command(FrameType.StatusRequest);

        Assert.Equal([FrameType.Status, FrameType.Ack], status.Select(f => f.Type));
        Assert.Equal(1u, status[0].ReadStatus().RejectedCommandFrames);
    }

    [Fact]
    public void Command_WhenOfAnotherProtocolVersion_IsAnsweredWithUnsupportedVersion()
    {
        var harness = new FirmwareHarness();
        harness.Boot();
        var writer = new FrameWriter(WireLimits.BroadcastStationId);
        var bytes = new byte[WireLimits.MaxWireFrameBytes];
        int length = writer.WriteRaw(WireLimits.ProtocolVersion + 1, (byte)FrameType.Start, [], 0, 0, bytes, 0);

        harness.Link.SendRaw(bytes[..length]);
        harness.Step();

        var ack = Assert.Single(harness.Link.ReadFrames()).ReadAck();
        Assert.Equal(AckResult.UnsupportedVersion, ack.Result);
        Assert.Equal(FrameType.Start, ack.CommandType);
        Assert.Equal(RunState.Idle, harness.Firmware.State);
    }

    [Fact]
    public void Command_WhenOfATypeThisVersionLacks_IsAnsweredWithUnknownCommandAndCounted()
    {
        var harness = new FirmwareHarness();
        harness.Boot();
        var writer = new FrameWriter(WireLimits.BroadcastStationId);
        var bytes = new byte[WireLimits.MaxWireFrameBytes];
        int length = writer.WriteRaw(WireLimits.ProtocolVersion, 0x4F, [], 0, 0, bytes, 0);

        harness.Link.SendRaw(bytes[..length]);
        harness.Step();
        var ack = Assert.Single(harness.Link.ReadFrames()).ReadAck();
        var status = harness.Command(FrameType.StatusRequest)[0].ReadStatus();

        Assert.Equal(AckResult.UnknownCommand, ack.Result);
        Assert.Equal(0x4F, (byte)ack.CommandType);
        Assert.Equal(1u, status.RejectedCommandFrames);
    }

    [Fact]
    public void Command_WhenPayloadlessCommandCarriesAPayload_IsRefusedAsInvalidParameter()
    {
        var harness = new FirmwareHarness();
        harness.Boot();
        var writer = new FrameWriter(WireLimits.BroadcastStationId);
        var bytes = new byte[WireLimits.MaxWireFrameBytes];
        int length = writer.WriteRaw(WireLimits.ProtocolVersion, (byte)FrameType.Hello, [1, 2], 0, 2, bytes, 0);

        harness.Link.SendRaw(bytes[..length]);
        harness.Step();

        Assert.Equal(AckResult.InvalidParameter, Assert.Single(harness.Link.ReadFrames()).ReadAck().Result);
    }

    [Fact]
    public void SelfTest_WhenSourceIsHealthy_Passes()
    {
        var harness = new FirmwareHarness();
        harness.Boot();

        var ack = Assert.Single(harness.Command(FrameType.SelfTest)).ReadAck();

        Assert.Equal(AckResult.Ok, ack.Result);
        Assert.Equal(RunState.Idle, ack.State);
    }

    [Fact]
    public void SelfTest_WhileRunning_IsRefusedAsWrongState()
    {
        var harness = new FirmwareHarness();
        harness.BootConfigureAndStart();

        var ack = harness.Command(FrameType.SelfTest).Single(f => f.Type == FrameType.Ack).ReadAck();

        Assert.Equal(AckResult.WrongState, ack.Result);
    }
}
