using System.Net;
using System.Security.Cryptography.X509Certificates;
using QkdEdge.Delivery.Client;
using QkdEdge.Delivery.Pki;
using QkdEdge.KeyStore;
using QkdEdge.Telemetry;

namespace QkdEdge.Delivery.Tests.Support;

/// <summary>
/// Alice's and Bob's KMEs on loopback over real HTTPS, each with its own key store holding the same
/// committed blocks. Alice's SAE is bound by certificate fingerprint, Bob's by subject name, so both
/// bindings are exercised. One more SAE certificate from the same authority is bound to nobody.
/// </summary>
public sealed class KmePair : IAsyncDisposable
{
    public const string Master = "sae-alice-app";
    public const string Slave = "sae-bob-app";
    public const string Unbound = "sae-unknown";
    public const int MaxKeysPerRequest = 16;

    /// <summary>Certificates are immutable, so all tests share one development PKI.</summary>
    private static readonly Lazy<LoopbackPki> SharedPki = new(() => DevelopmentPki.ForLoopback([Master, Slave, Unbound]));

    private readonly string _folder;

    private KmePair(string folder, LoopbackPki pki, SqliteKeyStore aliceStore, SqliteKeyStore bobStore,
        StationMetrics aliceMetrics, StationMetrics bobMetrics, KeyDeliveryHost alice, KeyDeliveryHost bob)
    {
        _folder = folder;
        Pki = pki;
        AliceStore = aliceStore;
        BobStore = bobStore;
        AliceMetrics = aliceMetrics;
        BobMetrics = bobMetrics;
        Alice = alice;
        Bob = bob;
    }

    public LoopbackPki Pki { get; }
    public SqliteKeyStore AliceStore { get; }
    public SqliteKeyStore BobStore { get; }
    public StationMetrics AliceMetrics { get; }
    public StationMetrics BobMetrics { get; }
    public KeyDeliveryHost Alice { get; }
    public KeyDeliveryHost Bob { get; }

    /// <summary>Starts both KMEs after committing <paramref name="blocks"/> (id and key bytes) in both stores.</summary>
    public static async Task<KmePair> StartAsync(params (string Id, byte[] Key)[] blocks)
    {
        var folder = Directory.CreateTempSubdirectory("kme-pair-").FullName;
        var pki = SharedPki.Value;
        var aliceStore = SqliteKeyStore.Open(Path.Combine(folder, "alice.db"));
        var bobStore = SqliteKeyStore.Open(Path.Combine(folder, "bob.db"));
        foreach (var (id, key) in blocks)
            foreach (var store in new[] { aliceStore, bobStore })
            {
                store.Stage(id, key, key.Length * 8, Provenance(id, key.Length * 8));
                store.Commit(id);
            }

        var aliceMetrics = StationMetrics.Create("alice");
        var bobMetrics = StationMetrics.Create("bob");
        SaeLink[] links = [new SaeLink(Master, Slave)];
        var alice = await KeyDeliveryHost.StartAsync(Options("kme-alice", "kme-bob", pki, [SaeCredential.ByFingerprint(Master, pki.Clients[Master])], links),
            aliceStore, aliceMetrics);
        var bob = await KeyDeliveryHost.StartAsync(Options("kme-bob", "kme-alice", pki, [SaeCredential.BySubjectName(Slave, Slave)], links),
            bobStore, bobMetrics);
        return new KmePair(folder, pki, aliceStore, bobStore, aliceMetrics, bobMetrics, alice, bob);
    }

    public Etsi014Client Client(KeyDeliveryHost kme, string? sae) =>
        new(kme.BaseAddress, sae is null ? null : Pki.Clients[sae], Pki.Authority);

    public Etsi014Client Client(KeyDeliveryHost kme, X509Certificate2 certificate) => new(kme.BaseAddress, certificate, Pki.Authority);

    public static KeyProvenance Provenance(string blockId, long bits) => new()
    {
        BlockId = blockId, FirstRound = 0, Rounds = 100_000, TestRounds = 10_000, KeyRounds = 90_000,
        Chsh = 2.7, ChshLower = 2.65, ChshUpper = 2.75, ErrorRate = 0.02, LeakedBits = 20_000,
        EpsSound = 1e-5, EpsEc = 1e-10, EpsPa = 1e-10, Gamma = 0.1, FinalLength = bits,
        ArchiveHash = "00", AliceFirmware = "fw", BobFirmware = "fw", Protocol = "chsh-vv14", ProtocolVersion = "1",
    };

    public static byte[] KeyBytes(int length, int seed)
    {
        var key = new byte[length];
        new Random(seed).NextBytes(key);
        return key;
    }

    public async ValueTask DisposeAsync()
    {
        await Alice.DisposeAsync();
        await Bob.DisposeAsync();
        AliceStore.Dispose();
        BobStore.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static KeyDeliveryOptions Options(string kme, string peer, LoopbackPki pki, SaeCredential[] saes, SaeLink[] links) => new()
    {
        KmeId = kme,
        PeerKmeId = peer,
        Endpoint = new IPEndPoint(IPAddress.Loopback, 0),
        ServerCertificate = pki.Server,
        ClientCertificateAuthorities = [pki.Authority],
        Saes = saes,
        Links = links,
        MaxKeysPerRequest = MaxKeysPerRequest,
    };
}
