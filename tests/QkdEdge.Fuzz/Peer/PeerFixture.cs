using QkdEdge.Peer.Authentication;
using QkdEdge.Peer.Session;

namespace QkdEdge.Fuzz.Peer;

/// <summary>The pre-shared authentication secret and session options both peer targets use.</summary>
internal static class PeerFixture
{
    /// <summary>64 KiB: the hash key and about 250 tags' worth of pad per direction.</summary>
    public const int SecretBytes = 1 << 16;

    /// <summary>A fixed secret, so seeds recorded from real sessions verify against every run's pool.</summary>
    public static readonly byte[] Secret = MakeSecret();

    public static AuthenticationKeyPool Pool() => AuthenticationKeyPool.InMemory(Secret);

    public static PeerSessionOptions Options(PeerRole role, AuthenticationKeyPool pool) => new()
    {
        Role = role,
        StationId = role == PeerRole.Alice ? (ushort)1 : (ushort)2,
        KeyPool = pool,
        // Inputs end (the stream reports its end) long before this; it only bounds a harness bug.
        ReceiveTimeout = TimeSpan.FromSeconds(10),
        MinimumReserveMessages = 16,
    };

    private static byte[] MakeSecret()
    {
        var secret = new byte[SecretBytes];
        new Random(14_014).NextBytes(secret);
        return secret;
    }
}
