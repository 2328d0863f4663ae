using System.Net;
using QkdEdge.Delivery.Etsi014;
using QkdEdge.Delivery.Tests.Support;
using QkdEdge.KeyStore;
using QkdEdge.KeyStore.Delivery;
using QkdEdge.Telemetry;

namespace QkdEdge.Delivery.Tests;

/// <summary>The interface's rules without HTTP: two links between the stations share the blocks.</summary>
public sealed class KeyDeliveryServiceTests : IDisposable
{
    private static readonly SaeLink First = new("sae-m1", "sae-s1");
    private static readonly SaeLink Second = new("sae-m2", "sae-s2");

    private readonly string _folder = Directory.CreateTempSubdirectory("kme-service-").FullName;
    private readonly SqliteKeyStore _aliceStore;
    private readonly SqliteKeyStore _bobStore;
    private readonly KeyDeliveryLedger _aliceLedger;
    private readonly KeyDeliveryLedger _bobLedger;
    private readonly KeyDeliveryService _alice;
    private readonly KeyDeliveryService _bob;

    public KeyDeliveryServiceTests()
    {
        _aliceStore = SqliteKeyStore.Open(Path.Combine(_folder, "alice.db"));
        _bobStore = SqliteKeyStore.Open(Path.Combine(_folder, "bob.db"));
        // Enough blocks that both links own some (each block goes to one link).
        for (var i = 0; i < 12; i++)
        {
            var key = KmePair.KeyBytes(64, seed: i);
            foreach (var store in new[] { _aliceStore, _bobStore })
            {
                store.Stage($"blk-{i}", key, 512, KmePair.Provenance($"blk-{i}", 512));
                store.Commit($"blk-{i}");
            }
        }
        _aliceLedger = _aliceStore.OpenDeliveryLedger();
        _bobLedger = _bobStore.OpenDeliveryLedger();
        _alice = new KeyDeliveryService(Options("kme-a", "kme-b", ["sae-m1", "sae-m2"]), _aliceLedger);
        _bob = new KeyDeliveryService(Options("kme-b", "kme-a", ["sae-s1", "sae-s2"]), _bobLedger);
    }

    public void Dispose()
    {
        _aliceLedger.Dispose();
        _bobLedger.Dispose();
        _aliceStore.Dispose();
        _bobStore.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The service needs certificates in its options but no handshake happens here.</summary>
    private static readonly Lazy<Pki.LoopbackPki> Certificates = new(() => Pki.DevelopmentPki.ForLoopback([]));

    private static KeyDeliveryOptions Options(string kme, string peer, string[] saes)
    {
        var pki = Certificates.Value;
        return new KeyDeliveryOptions
        {
            KmeId = kme,
            PeerKmeId = peer,
            Endpoint = new IPEndPoint(IPAddress.Loopback, 0),
            ServerCertificate = pki.Server,
            ClientCertificateAuthorities = [pki.Authority],
            Saes = [.. saes.Select(s => SaeCredential.BySubjectName(s, s))],
            Links = [First, Second],
        };
    }

    private static KeyIdsRequest IdsOf(DeliveryOutcome<KeyContainer> outcome) =>
        new() { KeyIds = [.. outcome.Value!.Keys.Select(k => new KeyIdEntry { KeyId = k.KeyId })] };

    [Fact]
    public void DecKeys_WhenKeysWereIssuedForAnotherLink_Returns401AndKeepsThem()
    {
        var enc = _alice.EncKeys("sae-m1", "sae-s1", new KeyRequest { Number = 2, Size = 64 });

        var stolen = _bob.DecKeys("sae-s2", "sae-m2", IdsOf(enc));
        var rightful = _bob.DecKeys("sae-s1", "sae-m1", IdsOf(enc));

        Assert.Equal(401, stolen.StatusCode);
        Assert.Equal(DeliveryFailure.Unauthorized, stolen.Failure);
        Assert.Contains($"key_IDs[0] = '{enc.Value!.Keys[0].KeyId}' was not issued for SAE 'sae-s2'", stolen.Error!.Message);
        Assert.True(rightful.Succeeded);
        Assert.Equal(enc.Value!.Keys, rightful.Value!.Keys);
    }

    [Fact]
    public void EncKeys_WhenTwoLinksDrawAllTheirKey_NeverShareAKeyId()
    {
        var first = _alice.Status("sae-m1", "sae-s1").Value!.StoredKeyCount;
        var second = _alice.Status("sae-m2", "sae-s2").Value!.StoredKeyCount;
        var ids = new List<string>();
        foreach (var (master, slave, count) in new[] { ("sae-m1", "sae-s1", first), ("sae-m2", "sae-s2", second) })
            for (var left = count; left > 0; left -= Math.Min(left, 128))
                ids.AddRange(_alice.EncKeys(master, slave, new KeyRequest { Number = (int)Math.Min(left, 128) }).Value!.Keys.Select(k => k.KeyId));

        // 12 blocks of 64 bytes hold 12 * 2 keys of 256 bits in all, split between the links.
        Assert.True(first > 0 && second > 0);
        Assert.Equal(24, first + second);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(503, _alice.EncKeys("sae-m1", "sae-s1", new KeyRequest()).StatusCode);
    }

    [Fact]
    public void Status_WhenSlaveAsksAtItsOwnKme_Returns401()
    {
        Assert.Equal(401, _bob.Status("sae-s1", "sae-m1").StatusCode);
    }
}
