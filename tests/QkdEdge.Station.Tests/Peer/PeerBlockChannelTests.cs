using System.Security.Cryptography;
using QkdEdge.Peer.Authentication;
using QkdEdge.Peer.Messages;
using QkdEdge.Peer.Session;
using QkdEdge.Peer.Transport;
using QkdEdge.Protocol.Engine;
using QkdEdge.Station.Peer;

namespace QkdEdge.Station.Tests.Peer;

public sealed class PeerBlockChannelTests
{
    [Fact]
    public async Task ReceiveAsync_WhenPayloadExceedsAPart_ReassemblesItExactly()
    {
        await using var pair = await SessionPair.OpenAsync();
        var payload = RandomNumberGenerator.GetBytes((2 * StationDataKind.MaxPartBytes) + 12345);

        await pair.AliceChannel.SendAsync(BlockMessageKind.Reveal, payload, CancellationToken.None);
        var received = await pair.BobChannel.ReceiveAsync(CancellationToken.None);

        Assert.Equal(BlockMessageKind.Reveal, received.Kind);
        Assert.Equal(payload, received.Payload.ToArray());
    }

    [Fact]
    public async Task ReceiveAsync_WhenAFrameIsAltered_ThrowsChannelTampered()
    {
        var (aliceEnd, bobEnd) = InMemoryTransport.CreatePair();
        var tampering = new FlipTagOfThirdWrite(aliceEnd);
        await using var pair = await SessionPair.OpenAsync(tampering, bobEnd);

        await pair.AliceChannel.SendAsync(BlockMessageKind.Syndrome, new byte[] { 1, 2, 3 }, CancellationToken.None);

        await Assert.ThrowsAsync<ChannelTamperedException>(() => pair.BobChannel.ReceiveAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ReceiveAsync_WhenPeerSendsDataOfAnotherBlock_ReportsAProtocolError()
    {
        await using var pair = await SessionPair.OpenAsync();
        await pair.Alice.Session.SendAsync(new BlockOpenMessage(8, 0, 10, default));
        await pair.Bob.Session.ReceiveAsync();
        await pair.Alice.Session.SendAsync(new DataMessage(8, (ushort)BlockMessageKind.Reveal, new byte[] { 1 }));

        var error = await Assert.ThrowsAsync<PeerLostException>(() => pair.BobChannel.ReceiveAsync(CancellationToken.None));
        Assert.Contains("block 8", error.Message);
    }

    [Fact]
    public async Task ReceiveAsync_WhenSplitPartsGrowPastTheBound_ReportsAProtocolErrorNamingTheBound()
    {
        await using var pair = await SessionPair.OpenAsync();
        var receiver = new PeerBlockChannel(pair.Bob, 7, TimeSpan.FromSeconds(10), maxMessageBytes: 3 * 1000);
        // Four continued parts of 1000 bytes: the fourth takes the message past 3000 bytes before any end arrives.
        for (int i = 0; i < 4; i++)
            await pair.Alice.SendAsync(new DataMessage(7, (ushort)((ushort)BlockMessageKind.Reveal | PeerBlockChannel.ContinuedFlag), new byte[1000]), CancellationToken.None);

        var error = await Assert.ThrowsAsync<PeerLostException>(() => receiver.ReceiveAsync(CancellationToken.None));
        Assert.Contains("past 3000 bytes", error.Message);
    }

    [Fact]
    public async Task ReceiveAsync_WhenTheMessageIsExactlyAtTheBound_DeliversIt()
    {
        await using var pair = await SessionPair.OpenAsync();
        var receiver = new PeerBlockChannel(pair.Bob, 7, TimeSpan.FromSeconds(10), maxMessageBytes: StationDataKind.MaxPartBytes + 10);
        var payload = RandomNumberGenerator.GetBytes(StationDataKind.MaxPartBytes + 10);

        await pair.AliceChannel.SendAsync(BlockMessageKind.Reveal, payload, CancellationToken.None);

        Assert.Equal(payload, (await receiver.ReceiveAsync(CancellationToken.None)).Payload.ToArray());
    }

    [Theory]
    [InlineData(0, 1)]                                   // an empty payload is one empty last part
    [InlineData(StationDataKind.MaxPartBytes, 1)]       // a full part is held until more follows: no empty last part
    [InlineData(2 * StationDataKind.MaxPartBytes + 12345, 3)]
    public async Task StreamedSend_WrittenInPieces_SendsFullPartsAsTheyFill_AndTheWholeReceiveJoinsThem(int length, int parts)
    {
        await using var pair = await SessionPair.OpenAsync();
        var payload = RandomNumberGenerator.GetBytes(length);
        var random = new Random(length);

        await pair.AliceChannel.SendAsync(BlockMessageKind.Reveal, async (stream, ct) =>
        {
            for (int at = 0; at < payload.Length;)
            {
                int piece = Math.Min(payload.Length - at, random.Next(1, 300_000));
                await stream.WriteAsync(payload.AsMemory(at, piece), ct);
                at += piece;
            }
        }, CancellationToken.None);

        var sent = new List<DataMessage>();
        for (int i = 0; i < parts; i++)
            sent.Add((DataMessage)await pair.Bob.ReceiveAsync(TimeSpan.FromSeconds(10), CancellationToken.None));
        Assert.All(sent.SkipLast(1), part => Assert.Equal(((ushort)BlockMessageKind.Reveal | PeerBlockChannel.ContinuedFlag, StationDataKind.MaxPartBytes), (part.Kind, part.Payload.Length)));
        Assert.Equal((ushort)BlockMessageKind.Reveal, sent[^1].Kind);
        Assert.Equal(payload, sent.SelectMany(part => part.Payload.ToArray()).ToArray());
    }

    [Fact]
    public async Task StreamedSend_WhenTheWriterFailsAfterAPartWentOut_EndsTheMessageSoThePeerReadsOnInStep()
    {
        await using var pair = await SessionPair.OpenAsync();
        var written = RandomNumberGenerator.GetBytes(StationDataKind.MaxPartBytes + 1000);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => pair.AliceChannel.SendAsync(BlockMessageKind.Reveal, async (stream, ct) =>
        {
            await stream.WriteAsync(written, ct);
            throw new InvalidOperationException("the writer broke");
        }, CancellationToken.None));
        await pair.AliceChannel.SendAsync(BlockMessageKind.Abort, new byte[] { 4, 2 }, CancellationToken.None);

        var bob = pair.BobChannel;
        var cut = await bob.ReceiveAsync(async (kind, stream) =>
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return (kind, copy.ToArray());
        }, CancellationToken.None);
        var next = await bob.ReceiveAsync(CancellationToken.None);

        Assert.Equal("the writer broke", failure.Message);
        Assert.Equal(BlockMessageKind.Reveal, cut.kind);
        Assert.Equal(written, cut.Item2); // what was written, ended where the writer stopped
        Assert.Equal(BlockMessageKind.Abort, next.Kind);
        Assert.Equal(new byte[] { 4, 2 }, next.Payload.ToArray());
    }

    [Fact]
    public async Task StreamedReceive_ReadInSmallPieces_GivesTheKindAndEveryByteOfASplitPayload()
    {
        await using var pair = await SessionPair.OpenAsync();
        var payload = RandomNumberGenerator.GetBytes((2 * StationDataKind.MaxPartBytes) + 777);
        await pair.AliceChannel.SendAsync(BlockMessageKind.Reveal, payload, CancellationToken.None);

        var (kind, bytes) = await pair.BobChannel.ReceiveAsync(async (kind, stream) =>
        {
            using var copy = new MemoryStream();
            var piece = new byte[4099];
            int read;
            while ((read = await stream.ReadAsync(piece)) > 0)
                copy.Write(piece, 0, read);
            return (kind, copy.ToArray());
        }, CancellationToken.None);

        Assert.Equal(BlockMessageKind.Reveal, kind);
        Assert.Equal(payload, bytes);
    }

    [Fact]
    public async Task StreamedReceive_WhenTheReaderRefusesThePayload_PassesOverItsRestSoTheNextMessageIsReadInStep()
    {
        await using var pair = await SessionPair.OpenAsync();
        await pair.AliceChannel.SendAsync(BlockMessageKind.Reveal, new byte[(2 * StationDataKind.MaxPartBytes) + 5], CancellationToken.None);
        await pair.AliceChannel.SendAsync(BlockMessageKind.Abort, new byte[] { 9, 8, 7 }, CancellationToken.None);
        var bob = pair.BobChannel;

        await Assert.ThrowsAsync<InvalidDataException>(() => bob.ReceiveAsync<int>(async (_, stream) =>
        {
            await stream.ReadExactlyAsync(new byte[10]);
            throw new InvalidDataException("malformed");
        }, CancellationToken.None));
        var next = await bob.ReceiveAsync(CancellationToken.None);

        Assert.Equal(BlockMessageKind.Abort, next.Kind);
        Assert.Equal(new byte[] { 9, 8, 7 }, next.Payload.ToArray());
    }

    [Fact]
    public async Task StreamedReceive_WhenAPartOfAnotherKindContinuesTheMessage_ReportsAProtocolError()
    {
        await using var pair = await SessionPair.OpenAsync();
        await pair.Alice.SendAsync(new DataMessage(7, (ushort)((ushort)BlockMessageKind.Reveal | PeerBlockChannel.ContinuedFlag), new byte[100]), CancellationToken.None);
        await pair.Alice.SendAsync(new DataMessage(7, (ushort)BlockMessageKind.Syndrome, new byte[100]), CancellationToken.None);

        var error = await Assert.ThrowsAsync<PeerLostException>(() => pair.BobChannel.ReceiveAsync(async (_, stream) =>
        {
            await stream.CopyToAsync(Stream.Null);
            return 0;
        }, CancellationToken.None));

        Assert.Contains($"went on with a part of kind {(int)BlockMessageKind.Syndrome}", error.Message);
    }

    [Fact]
    public async Task StreamedReceive_WhenSplitPartsGrowPastTheBound_ReportsAProtocolErrorNamingTheBound()
    {
        await using var pair = await SessionPair.OpenAsync();
        var receiver = new PeerBlockChannel(pair.Bob, 7, TimeSpan.FromSeconds(10), maxMessageBytes: 3 * 1000);
        for (int i = 0; i < 4; i++)
            await pair.Alice.SendAsync(new DataMessage(7, (ushort)((ushort)BlockMessageKind.Reveal | PeerBlockChannel.ContinuedFlag), new byte[1000]), CancellationToken.None);

        var error = await Assert.ThrowsAsync<PeerLostException>(() => receiver.ReceiveAsync(async (_, stream) =>
        {
            await stream.CopyToAsync(Stream.Null);
            return 0;
        }, CancellationToken.None));

        Assert.Contains("past 3000 bytes", error.Message);
    }

    /// <summary>Two authenticated sessions over an in-memory transport, with block 7 open at both.</summary>
    private sealed class SessionPair : IAsyncDisposable
    {
        public required PeerMessages Alice { get; init; }

        public required PeerMessages Bob { get; init; }

        public PeerBlockChannel AliceChannel => new(Alice, 7, TimeSpan.FromSeconds(10));

        public PeerBlockChannel BobChannel => new(Bob, 7, TimeSpan.FromSeconds(10));

        public static Task<SessionPair> OpenAsync()
        {
            var (a, b) = InMemoryTransport.CreatePair();
            return OpenAsync(a, b);
        }

        public static async Task<SessionPair> OpenAsync(Stream aliceEnd, Stream bobEnd)
        {
            byte[] secret = RandomNumberGenerator.GetBytes(32 + 8192);
            var dial = PeerSession.ConnectAsync(bobEnd, Options(PeerRole.Bob, secret));
            var alice = await PeerSession.AcceptAsync(aliceEnd, Options(PeerRole.Alice, secret));
            var bob = await dial;
            await alice.SendAsync(new BlockOpenMessage(7, 0, 100, default));
            await bob.ReceiveAsync();
            await bob.SendAsync(new BlockOpenMessage(7, 0, 100, default));
            await alice.ReceiveAsync();
            return new SessionPair { Alice = new PeerMessages(alice), Bob = new PeerMessages(bob) };
        }

        public async ValueTask DisposeAsync()
        {
            await Alice.Session.DisposeAsync();
            await Bob.Session.DisposeAsync();
        }

        private static PeerSessionOptions Options(PeerRole role, byte[] secret) => new()
        {
            Role = role,
            StationId = (ushort)role,
            KeyPool = AuthenticationKeyPool.InMemory(secret),
            ReceiveTimeout = Timeout.InfiniteTimeSpan,
            MinimumReserveMessages = 8,
        };
    }

    /// <summary>Passes writes through, but flips a bit in the last byte (the tag) of the given write: a man in the middle.</summary>
    private sealed class FlipTagOfThirdWrite(Stream inner) : Stream
    {
        private int _writes;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            // Write 1 is Alice's hello, 2 her block opening, 3 the data frame under attack.
            if (++_writes == 3)
            {
                var copy = buffer.ToArray();
                copy[^1] ^= 1;
                buffer = copy;
            }

            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
