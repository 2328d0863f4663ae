using QkdEdge.Peer.Authentication;
using QkdEdge.Peer.Messages;
using QkdEdge.Peer.Session;
using QkdEdge.Peer.Transport;

namespace QkdEdge.Host.Tests.Peer;

/// <summary>Pools from one seeded secret, options, and connected session pairs.</summary>
internal static class PeerTestKit
{
    public static byte[] Secret(int seed, int bytes)
    {
        var secret = new byte[bytes];
        new Random(seed).NextBytes(secret);
        return secret;
    }

    public static PeerSessionOptions Options(PeerRole role, AuthenticationKeyPool pool, int reserveMessages = 16) => new()
    {
        Role = role,
        StationId = role == PeerRole.Alice ? (ushort)1 : (ushort)2,
        KeyPool = pool,
        ReceiveTimeout = TimeSpan.FromSeconds(20),
        MinimumReserveMessages = reserveMessages,
    };

    /// <summary>Alice dials over <paramref name="aliceEnd"/>, Bob answers on <paramref name="bobEnd"/>.</summary>
    public static async Task<(PeerSession Alice, PeerSession Bob)> HandshakeAsync(
        Stream aliceEnd, Stream bobEnd, PeerSessionOptions alice, PeerSessionOptions bob)
    {
        var accept = PeerSession.AcceptAsync(bobEnd, bob);
        var connect = PeerSession.ConnectAsync(aliceEnd, alice);
        return (await connect, await accept);
    }

    public static async Task<(PeerSession Alice, PeerSession Bob, AuthenticationKeyPool AlicePool, AuthenticationKeyPool BobPool)> InMemoryPairAsync(
        int seed, int secretBytes = 1 << 16)
    {
        byte[] secret = Secret(seed, secretBytes);
        var alicePool = AuthenticationKeyPool.InMemory(secret);
        var bobPool = AuthenticationKeyPool.InMemory(secret);
        var (a, b) = InMemoryTransport.CreatePair();
        var (alice, bob) = await HandshakeAsync(a, b, Options(PeerRole.Alice, alicePool), Options(PeerRole.Bob, bobPool));
        return (alice, bob, alicePool, bobPool);
    }

    /// <summary>The message sequence Alice sends in the tamper trials: a whole block, then bye on dispose.</summary>
    public static List<PeerMessage> BlockScript(Random random)
    {
        var data = new List<PeerMessage> { new BlockOpenMessage(1, 0, 1 << 20, new byte[] { 1, 2, 3 }) };
        int items = random.Next(2, 5);
        for (int i = 0; i < items; i++)
        {
            var payload = new byte[random.Next(0, 300)];
            random.NextBytes(payload);
            data.Add(new DataMessage(1, (ushort)random.Next(1, 9), payload));
        }
        data.Add(new BlockCommitMessage(1, new byte[] { 9, 9 }));
        return data;
    }

    /// <summary>Equality by content (records compare ReadOnlyMemory by reference).</summary>
    public static bool SameContent(PeerMessage a, PeerMessage b) => (a, b) switch
    {
        (BlockOpenMessage x, BlockOpenMessage y) => x.BlockId == y.BlockId && x.FirstRound == y.FirstRound && x.EndRound == y.EndRound && x.Parameters.Span.SequenceEqual(y.Parameters.Span),
        (DataMessage x, DataMessage y) => x.BlockId == y.BlockId && x.Kind == y.Kind && x.Payload.Span.SequenceEqual(y.Payload.Span),
        (BlockCommitMessage x, BlockCommitMessage y) => x.BlockId == y.BlockId && x.Confirmation.Span.SequenceEqual(y.Confirmation.Span),
        (BlockAbortMessage x, BlockAbortMessage y) => x == y,
        (ByeMessage x, ByeMessage y) => x == y,
        _ => false,
    };
}
