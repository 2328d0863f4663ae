using QkdEdge.Peer.Messages;
using QkdEdge.Peer.Session;

namespace QkdEdge.Fuzz.Peer;

/// <summary>
/// Arbitrary bytes from the network into a peer session, as an attacker without the key sends them:
/// the first byte picks whether this host answers (Bob accepts) or dials (Alice connects), the rest
/// is everything the other end "sends". The session reads frames until the input ends. Contract:
/// the only failure is <see cref="PeerSessionBrokenException"/> with a documented reason, and the
/// session allocates for the bytes that arrived, not for what a length prefix or header claims.
/// </summary>
public sealed class PeerSessionTarget : FuzzTarget
{
    public override string Name => "peer-session";

    public override string Description => "network bytes (role byte, stream) -> PeerSession handshake and receive loop; PeerSessionBrokenException only";

    public override IEnumerable<FuzzSeed> Seeds() => PeerSeeds.RecordedSessions();

    public override FuzzOutcome Run(ReadOnlySpan<byte> input)
    {
        var reader = new InputReader(input);
        bool dial = (reader.U8() & 1) != 0;
        byte[] stream = reader.Rest().ToArray();
        var options = PeerFixture.Options(dial ? PeerRole.Alice : PeerRole.Bob, PeerFixture.Pool());
        // A frame's buffer starts at 64 KiB plus the header and doubles only as bytes arrive (PeerFrameReader),
        // so one frame costs at most that start plus twice its bytes. A frame's buffer exists only once its 4-byte
        // prefix and 32-byte header arrived, so an input of n bytes opens at most n / 36 frames: 64 KiB / 36, under
        // 2 KiB per input byte, plus 256 KiB for the session's own objects. A buffer sized from the prefix (up to
        // the 4 MiB cap, from 4 bytes) does not fit: a 99-byte input of three frames allocated about 280 kB.
        return AllocationBound.Check(Name, stream.Length, 256 * 1024L, 2048,
            () => RunAsync(dial, stream, options).GetAwaiter().GetResult(), spansThreads: true);
    }

    private static async Task<FuzzOutcome> RunAsync(bool dial, byte[] stream, PeerSessionOptions options)
    {
        var transport = new ChunkedReadStream(stream, stream.Length);
        int received = 0;
        try
        {
            await using var session = dial
                ? await PeerSession.ConnectAsync(transport, options)
                : await PeerSession.AcceptAsync(transport, options);
            while (true)
            {
                // Every frame takes a length prefix, a header and a tag: the loop must end.
                if (received > stream.Length / 52)
                    throw new ContractViolationException($"The session delivered more than {stream.Length / 52} messages from {stream.Length} bytes.");
                var message = await session.ReceiveAsync();
                received++;
                if (message is ByeMessage)
                    return new FuzzOutcome(true, $"{received} messages, bye");
            }
        }
        catch (PeerSessionBrokenException broken)
        {
            if (!Enum.IsDefined(broken.Reason) || string.IsNullOrWhiteSpace(broken.Detail))
                throw new ContractViolationException($"Break without a documented reason or detail: {broken.Reason} '{broken.Detail}'.");
            return new FuzzOutcome(false, $"{received} messages, broken: {broken.Reason}");
        }
    }
}
