using QkdEdge.Wire.Framing;

namespace QkdEdge.Wire.Tests.Support;

/// <summary>Runs the board-side writer and receiver on whole byte arrays.</summary>
public static class WireBytes
{
    /// <summary>Runs a FrameWriter call into a fresh buffer and returns exactly the bytes written.</summary>
    public static byte[] Write(Func<byte[], int> write)
    {
        var buffer = new byte[WireLimits.MaxWireFrameBytes];
        int length = write(buffer);
        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>Feeds <paramref name="bytes"/> to a receiver and returns it after the first completed frame (fails if none completes).</summary>
    public static FrameReceiver ReceiveOne(byte[] bytes, LinkEnd end)
    {
        var receiver = new FrameReceiver(end);
        Assert.True(receiver.TryReadFrame(bytes, 0, bytes.Length, out int consumed), "no frame completed");
        Assert.Equal(bytes.Length, consumed);
        return receiver;
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
