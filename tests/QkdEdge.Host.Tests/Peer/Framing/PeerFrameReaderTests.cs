using System.Buffers.Binary;
using QkdEdge.Peer.Framing;
using QkdEdge.Peer.Messages;
using QkdEdge.Peer.Session;

namespace QkdEdge.Host.Tests.Peer.Framing;

public sealed class PeerFrameReaderTests
{
    private const int Cap = 4 << 20;
    private const int TagPoints = 2;
    private const int TagBytes = 8 * TagPoints;

    [Fact]
    public async Task ReadAsync_WhenADataFrameClaimsTheCapButTheStreamEndsEarly_AllocatesForWhatArrivedNotForTheClaim()
    {
        byte[] wire = [.. Prefix(Cap), .. Header(PeerMessageType.Data, Cap - PeerFrameHeader.Size - TagBytes), .. new byte[100]];
        var reader = new PeerFrameReader(new MemoryStream(wire), Cap, TagPoints);

        // A MemoryStream completes every read synchronously, so the whole read runs on this thread and the
        // thread's allocation counter sees all of it.
        long before = GC.GetAllocatedBytesForCurrentThread();
        var reading = reader.ReadAsync(expectHello: false, CancellationToken.None);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(reading.IsCompleted);
        var read = await reading;

        Assert.Null(read.Body);
        Assert.Equal(PeerBreakReason.ConnectionLost, read.Reason);
        // The first buffer step and the header it holds, plus a few kilobytes for the task machinery and the
        // message: a quarter of a mebibyte separates that from the 4 MiB the length claims.
        Assert.InRange(allocated, 0, PeerFrameReader.FirstStepBytes + (16 * 1024));
    }

    [Fact]
    public async Task ReadAsync_WhenAHelloDeclaresAPayloadAboveItsTypeCap_RefusesBeforeReadingThePayload()
    {
        int payload = PeerFrameLimits.MaxControlPayloadBytes + 1;
        int length = PeerFrameHeader.Size + payload + TagBytes;
        var stream = new MemoryStream([.. Prefix(length), .. Header(PeerMessageType.Hello, payload), .. new byte[payload + TagBytes]]);

        var read = await new PeerFrameReader(stream, Cap, TagPoints).ReadAsync(expectHello: true, CancellationToken.None);

        Assert.Equal(PeerBreakReason.FrameTooLarge, read.Reason);
        Assert.Contains($"payload of {payload} bytes", read.Problem);
        Assert.Equal(PeerFrameHeader.LengthPrefixSize + PeerFrameHeader.Size, stream.Position);
    }

    [Fact]
    public async Task ReadAsync_WhenDataComesBeforeTheHello_RefusesItAsUnexpectedAtTheHeader()
    {
        int length = PeerFrameHeader.Size + 1000 + TagBytes;
        var stream = new MemoryStream([.. Prefix(length), .. Header(PeerMessageType.Data, 1000), .. new byte[1000 + TagBytes]]);

        var read = await new PeerFrameReader(stream, Cap, TagPoints).ReadAsync(expectHello: true, CancellationToken.None);

        Assert.Equal((PeerBreakReason.UnexpectedMessage, "Data before the hello"), (read.Reason, read.Problem));
        Assert.Equal(PeerFrameHeader.LengthPrefixSize + PeerFrameHeader.Size, stream.Position);
    }

    [Fact]
    public async Task ReadAsync_WhenTheMessageTypeDoesNotExist_RefusesItNamingTheTypeByte()
    {
        int length = PeerFrameHeader.Size + TagBytes;
        var stream = new MemoryStream([.. Prefix(length), .. Header((PeerMessageType)0x5A, 0), .. new byte[TagBytes]]);

        var read = await new PeerFrameReader(stream, Cap, TagPoints).ReadAsync(expectHello: false, CancellationToken.None);

        Assert.Equal(PeerBreakReason.Malformed, read.Reason);
        Assert.Contains("0x5A", read.Problem);
    }

    [Fact]
    public async Task ReadAsync_WhenTheLengthPrefixAndHeaderDisagree_RefusesItNamingBothLengths()
    {
        int length = PeerFrameHeader.Size + 10 + TagBytes;
        var stream = new MemoryStream([.. Prefix(length), .. Header(PeerMessageType.Data, 11), .. new byte[10 + TagBytes]]);

        var read = await new PeerFrameReader(stream, Cap, TagPoints).ReadAsync(expectHello: false, CancellationToken.None);

        Assert.Equal(PeerBreakReason.Malformed, read.Reason);
        Assert.Contains($"frame length {length}, payload length 11", read.Problem);
    }

    [Fact]
    public async Task ReadAsync_WhenALargeFrameArrivesInShortReads_ReturnsEveryByteOfIt()
    {
        // Several buffer steps (64 KiB, 128 KiB, 256 KiB, then the rest) filled by reads of at most 1,000 bytes.
        int payload = 300_000;
        var body = new byte[PeerFrameHeader.Size + payload + TagBytes];
        Header(PeerMessageType.Data, payload).CopyTo(body, 0);
        new Random(5).NextBytes(body.AsSpan(PeerFrameHeader.Size));
        var stream = new ShortReadStream([.. Prefix(body.Length), .. body], maxRead: 1000);

        var read = await new PeerFrameReader(stream, Cap, TagPoints).ReadAsync(expectHello: false, CancellationToken.None);

        Assert.NotNull(read.Body);
        Assert.Equal(body, read.Body);
    }

    [Fact]
    public async Task ReadAsync_WhenTheStreamEndsInsideTheHeader_ReportsTruncation()
    {
        var stream = new MemoryStream([.. Prefix(PeerFrameHeader.Size + TagBytes), .. Header(PeerMessageType.Bye, 0).AsSpan(0, 10)]);

        var read = await new PeerFrameReader(stream, Cap, TagPoints).ReadAsync(expectHello: false, CancellationToken.None);

        Assert.Equal(PeerBreakReason.ConnectionLost, read.Reason);
        Assert.Contains("header", read.Problem);
    }

    private static byte[] Prefix(int length)
    {
        var prefix = new byte[PeerFrameHeader.LengthPrefixSize];
        BinaryPrimitives.WriteInt32LittleEndian(prefix, length);
        return prefix;
    }

    private static byte[] Header(PeerMessageType type, int payloadLength)
    {
        var header = new byte[PeerFrameHeader.Size];
        new PeerFrameHeader(PeerSession.FrameVersion, type, PeerDirection.AliceToBob, payloadLength, 0, 0, TagPoints).Write(header);
        return header;
    }

    /// <summary>Hands out at most <c>maxRead</c> bytes per read, as a socket does.</summary>
    private sealed class ShortReadStream(byte[] data, int maxRead) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, maxRead));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, maxRead)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, maxRead)], cancellationToken);
    }
}
