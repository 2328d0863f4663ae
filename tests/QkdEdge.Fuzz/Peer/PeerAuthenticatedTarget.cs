using System.Buffers;
using QkdEdge.Peer.Framing;
using QkdEdge.Peer.Messages;
using QkdEdge.Peer.Session;
using QkdEdge.Peer.Transport;

namespace QkdEdge.Fuzz.Peer;

/// <summary>
/// Authenticated but arbitrary messages into a peer session (this host is Bob): the input is a mode
/// byte (bit 0: Bob dials rather than answers) and records of message type (u8), payload length
/// (u16) and payload, which an <see cref="AuthenticatedPeer"/> wraps in valid envelopes. When Bob
/// dials, the first hello's echoed nonce is patched to Bob's, which no input could guess.
/// Contract: each message is delivered exactly as sent (it re-encodes to the same payload), or the
/// session breaks with Malformed, UnexpectedMessage, HandshakeFailed or VersionMismatch; never an
/// authentication-level break (the envelopes are right), never another exception.
/// </summary>
public sealed class PeerAuthenticatedTarget : FuzzTarget
{
    /// <summary>Keeps one input inside the fixture key's pad budget (about 2,000 tags per direction).</summary>
    private const int MaxRecords = 256;

    private static readonly PeerBreakReason[] PayloadReasons =
        [PeerBreakReason.Malformed, PeerBreakReason.UnexpectedMessage, PeerBreakReason.HandshakeFailed, PeerBreakReason.VersionMismatch];

    public override string Name => "peer-authenticated";

    public override string Description => "authenticated messages (mode byte, type/length/payload records) -> PeerSession as Bob; delivered intact or a payload-level break";

    public override IEnumerable<FuzzSeed> Seeds() => PeerSeeds.AuthenticatedScripts();

    public override FuzzOutcome Run(ReadOnlySpan<byte> input)
    {
        var reader = new InputReader(input);
        bool bobDials = (reader.U8() & 1) != 0;
        var records = new List<(byte Type, byte[] Payload)>();
        while (!reader.AtEnd && records.Count < MaxRecords)
        {
            byte type = reader.U8();
            int length = reader.U16();
            records.Add((type, reader.Take(length).ToArray()));
        }

        return AllocationBound.Check(Name, input.Length, 1024 * 1024, 16, () => RunAsync(bobDials, records).GetAwaiter().GetResult(), spansThreads: true);
    }

    private static async Task<FuzzOutcome> RunAsync(bool bobDials, List<(byte Type, byte[] Payload)> records)
    {
        var (peerEnd, bobEnd) = InMemoryTransport.CreatePair();
        await using var _ = peerEnd;
        var peer = new AuthenticatedPeer();
        var options = PeerFixture.Options(PeerRole.Bob, PeerFixture.Pool());
        int delivered = 0;
        PeerSession? bob = null;
        try
        {
            if (records.Count == 0)
                return new FuzzOutcome(false, "no messages");
            bob = await HandshakeAsync(peer, peerEnd, bobEnd, options, bobDials, records[0]);
            for (int i = 1; i < records.Count; i++)
            {
                var (type, payload) = records[i];
                await peerEnd.WriteAsync(peer.Frame(type, payload));
                var message = await bob.ReceiveAsync();
                CheckIntact(message, type, payload);
                delivered++;
                if (message is ByeMessage)
                    break;
            }

            return new FuzzOutcome(true, $"hello and {delivered} messages delivered");
        }
        catch (PeerSessionBrokenException broken)
        {
            if (!PayloadReasons.Contains(broken.Reason))
                throw new ContractViolationException($"A correctly authenticated frame broke the session with {broken.Reason}: {broken.Detail}");
            return new FuzzOutcome(false, $"{delivered} messages delivered, broken: {broken.Reason}");
        }
        finally
        {
            if (bob is not null)
                await bob.DisposeAsync();
        }
    }

    private static async Task<PeerSession> HandshakeAsync(AuthenticatedPeer peer, Stream peerEnd, Stream bobEnd, PeerSessionOptions options,
        bool bobDials, (byte Type, byte[] Payload) hello)
    {
        var layout = (Nonce: AuthenticatedPeer.HelloLayout.NonceOffset, Echo: AuthenticatedPeer.HelloLayout.EchoOffset, Fixed: AuthenticatedPeer.HelloLayout.FixedLength);
        byte[] ownNonce = hello.Payload.Length >= layout.Fixed ? hello.Payload.AsSpan(layout.Nonce, HelloMessage.NonceBytes).ToArray() : [];
        if (bobDials)
        {
            var connect = PeerSession.ConnectAsync(bobEnd, options);
            byte[] bobNonce = AuthenticatedPeer.NonceOf(await ReadFrameAsync(peerEnd));
            if (hello.Payload.Length >= layout.Fixed)
                Array.Copy(bobNonce, 0, hello.Payload, layout.Echo, bobNonce.Length);
            await peerEnd.WriteAsync(peer.Frame(hello.Type, hello.Payload));
            var session = await connect;
            peer.BindSession(bobNonce, ownNonce);
            return session;
        }

        var accept = PeerSession.AcceptAsync(bobEnd, options);
        await peerEnd.WriteAsync(peer.Frame(hello.Type, hello.Payload));
        var accepted = await accept;
        byte[] answerNonce = AuthenticatedPeer.NonceOf(await ReadFrameAsync(peerEnd));
        peer.BindSession(ownNonce, answerNonce);
        return accepted;
    }

    /// <summary>A delivered message must be the one sent: same type, and it encodes back to the same payload.</summary>
    private static void CheckIntact(PeerMessage message, byte type, byte[] payload)
    {
        var encoded = new ArrayBufferWriter<byte>(payload.Length + 16);
        PeerMessageCodec.Encode(message, encoded);
        if ((byte)message.Type != type || !encoded.WrittenSpan.SequenceEqual(payload))
            throw new ContractViolationException($"A {(PeerMessageType)type} payload of {payload.Length} bytes was delivered as a different {message.Type} message.");
    }

    private static async Task<byte[]> ReadFrameAsync(Stream stream)
    {
        var prefix = new byte[PeerFrameHeader.LengthPrefixSize];
        await stream.ReadExactlyAsync(prefix);
        var frame = new byte[prefix.Length + System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(prefix)];
        prefix.CopyTo(frame, 0);
        await stream.ReadExactlyAsync(frame.AsMemory(prefix.Length));
        return frame;
    }
}
