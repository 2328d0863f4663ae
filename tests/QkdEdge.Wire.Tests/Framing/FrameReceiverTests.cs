using CsCheck;
using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;
using QkdEdge.Wire.Tests.Support;

namespace QkdEdge.Wire.Tests.Framing;

public sealed class FrameReceiverTests
{
    [Fact]
    public void TryReadFrame_WhenFedInRandomChunks_CompletesEveryFrameIntact()
    {
        byte[] stream = Commands(50, out _);
        Property.Check(Gen.Int[1, 40], 200, seed: 31, chunk =>
        {
            var receiver = new FrameReceiver(LinkEnd.Board);
            uint expectedSequence = 0;
            for (int offset = 0; offset < stream.Length; offset += chunk)
            {
                int count = Math.Min(chunk, stream.Length - offset);
                int position = offset;
                while (receiver.TryReadFrame(stream, position, count - (position - offset), out int consumed))
                {
                    position += consumed;
                    Assert.Equal(FrameError.None, receiver.Error);
                    Assert.Equal(expectedSequence++, receiver.Sequence);
                }
            }

            Assert.Equal(50u, expectedSequence);
        });
    }

    [Fact]
    public void TryReadFrame_WhenGarbageLeadsTheStream_RejectsItThenReadsTheNextFrame()
    {
        byte[] frames = Commands(3, out _);
        byte[] garbage = [0x13, 0x37, 0xFF, 0x42, 0x00];
        byte[] stream = [.. garbage, .. frames];
        var receiver = new FrameReceiver(LinkEnd.Board);
        var errors = new List<FrameError>();
        int position = 0;
        while (receiver.TryReadFrame(stream, position, stream.Length - position, out int consumed))
        {
            position += consumed;
            errors.Add(receiver.Error);
        }

        Assert.Equal(4, errors.Count);
        Assert.NotEqual(FrameError.None, errors[0]);
        Assert.All(errors.Skip(1), e => Assert.Equal(FrameError.None, e));
        Assert.Equal(1u, receiver.FramesRejected);
    }

    [Fact]
    public void TryReadFrame_WhenABitFlips_ReportsCrcMismatchAtCrcOffset()
    {
        byte[] frame = Commands(1, out _);
        frame[3] ^= 0x10; // a payload-free Hello: byte 3 is inside the header run
        FrameReceiver receiver = WireBytes.ReceiveOne(frame, LinkEnd.Board);
        Assert.Equal(FrameError.CrcMismatch, receiver.Error);
        Assert.Equal(WireLimits.HeaderBytes, receiver.ErrorOffset);
    }

    [Fact]
    public void TryReadFrame_WhenNoDelimiterForTooLong_ReportsFrameTooLongAndRecovers()
    {
        var noise = Enumerable.Repeat((byte)0x55, WireLimits.MaxEncodedFrameBytes + 500).ToArray();
        byte[] stream = [.. noise, 0x00, .. Commands(1, out _)];
        var receiver = new FrameReceiver(LinkEnd.Board);
        Assert.True(receiver.TryReadFrame(stream, 0, stream.Length, out int consumed));
        Assert.Equal(FrameError.FrameTooLong, receiver.Error);
        Assert.True(receiver.TryReadFrame(stream, consumed, stream.Length - consumed, out _));
        Assert.Equal(FrameError.None, receiver.Error);
    }

    [Fact]
    public void TryReadFrame_WhenVersionDiffers_ReportsVersionMismatchWithHeader()
    {
        var writer = new FrameWriter(5, 77);
        byte[] frame = WireBytes.Write(b => writer.WriteRaw(2, (byte)FrameType.Start, [], 0, 0, b, 0));
        FrameReceiver receiver = WireBytes.ReceiveOne(frame, LinkEnd.Board);
        Assert.Equal(FrameError.VersionMismatch, receiver.Error);
        Assert.Equal((2, FrameType.Start, (ushort)5, 77u), (receiver.Version, receiver.Type, receiver.StationId, receiver.Sequence));
    }

    [Fact]
    public void TryReadFrame_WhenBoardFrameReachesBoard_ReportsWrongDirection()
    {
        var writer = new FrameWriter(5);
        byte[] frame = WireBytes.Write(b => writer.WriteAck(new AckFrame { CommandType = FrameType.Start }, b, 0));
        Assert.Equal(FrameError.WrongDirection, WireBytes.ReceiveOne(frame, LinkEnd.Board).Error);
        Assert.Equal(FrameError.None, WireBytes.ReceiveOne(frame, LinkEnd.Host).Error);
    }

    [Fact]
    public void TryReadFrame_WhenTypeIsUnknown_ReportsUnknownFrameType()
    {
        var writer = new FrameWriter(5);
        byte[] frame = WireBytes.Write(b => writer.WriteRaw(WireLimits.ProtocolVersion, 0x4F, [1, 2, 3], 0, 3, b, 0));
        Assert.Equal(FrameError.UnknownFrameType, WireBytes.ReceiveOne(frame, LinkEnd.Board).Error);
    }

    [Fact]
    public void TryReadFrame_WhenDecodedFrameIsShort_ReportsFrameTooShort()
    {
        byte[] encoded = new byte[8];
        int length = Cobs.Encode([1, 2, 3, 4, 5, 6, 7], 0, 7, encoded, 0);
        byte[] stream = [.. encoded.AsSpan(0, length), 0x00];
        FrameReceiver receiver = WireBytes.ReceiveOne(stream, LinkEnd.Board);
        Assert.Equal(FrameError.FrameTooShort, receiver.Error);
        Assert.Equal(7, receiver.ErrorOffset);
    }

    private static byte[] Commands(int count, out FrameWriter writer)
    {
        writer = new FrameWriter(WireLimits.BroadcastStationId, 0);
        var stream = new List<byte>();
        for (int i = 0; i < count; i++)
        {
            FrameWriter w = writer;
            stream.AddRange(i % 3 == 1
                ? WireBytes.Write(b => w.WriteConfigure(new ConfigureCommand { Role = StationRole.Bob, AlphabetSize = 2, BatchSize = 100 + i, GateWidthTicks = 1, RoundPeriodTicks = 1 }, b, 0))
                : WireBytes.Write(b => w.WriteCommand(FrameType.Hello, b, 0)));
        }

        return stream.ToArray();
    }
}
