using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;
using QkdEdge.Wire.Tests.Support;

namespace QkdEdge.Wire.Tests.Framing;

public sealed class FrameWriterTests
{
    [Fact]
    public void WriteRounds_WhenCalledInSteadyState_AllocatesNothing()
    {
        // The board writes one frame per batch; an MCU heap cannot afford garbage per batch.
        const int n = 2048;
        var settings = new byte[n];
        var clicks = new byte[n];
        var tags = new long[n];
        for (int i = 0; i < n; i++)
        {
            settings[i] = (byte)(i % 3);
            clicks[i] = (byte)(i % 4);
            tags[i] = 1000L * i + (i % 97 == 0 ? 1 : 0);
        }

        var writer = new FrameWriter(1);
        var output = new byte[WireLimits.MaxWireFrameBytes];
        var info = new InfoFrame { MaxBatchSize = 4096 };
        info.SetProfileId("board");
        var status = new StatusFrame();
        var ack = new AckFrame { CommandType = FrameType.Start };
        var receiver = new FrameReceiver(LinkEnd.Host);
        writer.WriteRounds(0, 3, 1000, settings, clicks, tags, 0, n, output, 0, out _); // warm-up (static tables)
        receiver.TryReadFrame(output, 0, output.Length, out _);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int batch = 0; batch < 20; batch++)
        {
            int length = writer.WriteRounds(batch * (long)n, 3, 1000, settings, clicks, tags, 0, n, output, 0, out _);
            receiver.TryReadFrame(output, 0, length, out _);
            writer.WriteInfo(info, output, 0);
            writer.WriteStatus(status, output, 0);
            writer.WriteAck(ack, output, 0);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Write_WhenCalledRepeatedly_NumbersFramesConsecutivelyAndWraps()
    {
        var writer = new FrameWriter(9, uint.MaxValue - 1);
        var sequences = new List<uint>();
        for (int i = 0; i < 4; i++)
        {
            byte[] frame = WireBytes.Write(b => writer.WriteAck(new AckFrame { CommandType = FrameType.Stop }, b, 0));
            sequences.Add(WireBytes.ReceiveOne(frame, LinkEnd.Host).Sequence);
        }

        Assert.Equal([uint.MaxValue - 1, uint.MaxValue, 0u, 1u], sequences);
    }

    [Fact]
    public void WriteRounds_WhenOutputTooSmall_ThrowsAndKeepsSequence()
    {
        var writer = new FrameWriter(1);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            writer.WriteRounds(0, 2, 10, new byte[100], new byte[100], new long[100], 0, 100, new byte[40], 0, out _));
        Assert.Equal(0u, writer.NextSequence);
    }

    [Fact]
    public void WriteRounds_WhenSettingNotBelowAlphabet_Throws()
    {
        var writer = new FrameWriter(1);
        byte[] settings = [0, 1, 3];
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            writer.WriteRounds(0, 3, 10, settings, new byte[3], [0, 10, 20], 0, 3, new byte[WireLimits.MaxWireFrameBytes], 0, out _));
    }

    [Fact]
    public void WriteCommand_WhenTypeHasPayload_Throws()
    {
        var writer = new FrameWriter(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteCommand(FrameType.Configure, new byte[WireLimits.MaxWireFrameBytes], 0));
    }

    [Fact]
    public void WireLimits_WhenDerivedFromSpecSizes_MatchSpecTable()
    {
        // docs/wire-protocol.md section 6: 1024 decoded, 1029 encoded, 1030 on the wire, 1012 payload.
        Assert.Equal((1024, 1029, 1030, 1012, 12), (WireLimits.MaxFrameBytes, WireLimits.MaxEncodedFrameBytes, WireLimits.MaxWireFrameBytes, WireLimits.MaxPayloadBytes, WireLimits.MinFrameBytes));
        Assert.Equal(WireLimits.MaxEncodedFrameBytes, Cobs.MaxEncodedLength(WireLimits.MaxFrameBytes));
    }
}
