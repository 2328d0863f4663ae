using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Wire.Tests.Frames;

/// <summary>Fields outside the ranges of docs/wire-protocol.md sections 4 and 5 make a payload malformed, at the field's offset.</summary>
public sealed class PayloadValidationTests
{
    [Theory]
    [InlineData(0, 0x00, 0)]  // role unassigned is not a configuration
    [InlineData(0, 0x03, 0)]  // no such role
    [InlineData(1, 0x01, 1)]  // alphabet of one setting
    [InlineData(2, 0x00, 2)]  // batch size 0 (the test clears the high byte too)
    public void ConfigureReadPayload_WhenFieldOutOfRange_ReportsFieldOffset(int index, byte value, int expectedOffset)
    {
        byte[] payload = ValidConfigure();
        payload[index] = value;
        if (index == 2)
            payload[3] = 0;
        Assert.Equal(FrameError.FieldOutOfRange, new ConfigureCommand().ReadPayload(payload, 0, payload.Length, out int offset));
        Assert.Equal(expectedOffset, offset);
    }

    [Fact]
    public void ConfigureReadPayload_WhenGateWiderThanPeriod_ReportsGateOffset()
    {
        var command = new ConfigureCommand { Role = StationRole.Alice, AlphabetSize = 3, BatchSize = 10, GateWidthTicks = 100, RoundPeriodTicks = 100 };
        var payload = new byte[ConfigureCommand.PayloadLength];
        command.WritePayload(payload, 0);
        payload[4] = 101;
        Assert.Equal(FrameError.FieldOutOfRange, new ConfigureCommand().ReadPayload(payload, 0, payload.Length, out int offset));
        Assert.Equal(4, offset);
    }

    [Fact]
    public void ConfigureReadPayload_WhenOneByteShort_ReportsLengthMismatch()
    {
        byte[] payload = ValidConfigure();
        Assert.Equal(FrameError.PayloadLengthMismatch, new ConfigureCommand().ReadPayload(payload, 0, payload.Length - 1, out _));
    }

    [Fact]
    public void InfoReadPayload_WhenProfileIdNotPrintable_ReportsItsOffset()
    {
        var info = new InfoFrame { MaxBatchSize = 1 };
        info.SetProfileId("abc");
        var payload = new byte[info.PayloadLength];
        info.WritePayload(payload, 0);
        payload[InfoFrame.FixedPayloadLength + 1] = 0x07;
        Assert.Equal(FrameError.FieldOutOfRange, new InfoFrame().ReadPayload(payload, 0, payload.Length, out int offset));
        Assert.Equal(InfoFrame.FixedPayloadLength + 1, offset);
    }

    [Fact]
    public void InfoReadPayload_WhenLengthDisagreesWithProfileIdLength_ReportsLengthMismatch()
    {
        var info = new InfoFrame { MaxBatchSize = 1 };
        info.SetProfileId("abc");
        var payload = new byte[info.PayloadLength + 1];
        info.WritePayload(payload, 0);
        Assert.Equal(FrameError.PayloadLengthMismatch, new InfoFrame().ReadPayload(payload, 0, payload.Length, out _));
    }

    [Fact]
    public void AckReadPayload_WhenCommandTypeIsABoardFrame_ReportsFieldOutOfRange()
    {
        var payload = new byte[AckFrame.PayloadLength];
        new AckFrame { CommandType = FrameType.Start }.WritePayload(payload, 0);
        payload[0] = (byte)FrameType.Rounds;
        Assert.Equal(FrameError.FieldOutOfRange, new AckFrame().ReadPayload(payload, 0, payload.Length, out int offset));
        Assert.Equal(0, offset);
    }

    [Fact]
    public void StatusReadPayload_WhenRunStateUnknown_ReportsFieldOutOfRange()
    {
        var payload = new byte[StatusFrame.PayloadLength];
        new StatusFrame().WritePayload(payload, 0);
        payload[0] = 3;
        Assert.Equal(FrameError.FieldOutOfRange, new StatusFrame().ReadPayload(payload, 0, payload.Length, out _));
    }

    [Fact]
    public void RngAlarmReadPayload_WhenTestUnknown_ReportsFieldOutOfRange()
    {
        var payload = new byte[RngAlarmFrame.PayloadLength];
        new RngAlarmFrame { Test = RngHealthTest.Startup }.WritePayload(payload, 0);
        payload[0] = 0;
        Assert.Equal(FrameError.FieldOutOfRange, new RngAlarmFrame().ReadPayload(payload, 0, payload.Length, out _));
    }

    private static byte[] ValidConfigure()
    {
        var payload = new byte[ConfigureCommand.PayloadLength];
        new ConfigureCommand { Role = StationRole.Bob, AlphabetSize = 2, BatchSize = 2048, GateWidthTicks = 10, RoundPeriodTicks = 100 }.WritePayload(payload, 0);
        return payload;
    }
}
