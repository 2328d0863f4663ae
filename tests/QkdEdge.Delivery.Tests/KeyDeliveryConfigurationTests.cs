using System.Net;
using Microsoft.Extensions.Configuration;
using QkdEdge.Delivery.Client;
using QkdEdge.Delivery.Configuration;
using QkdEdge.Delivery.Tests.Support;
using QkdEdge.KeyStore;

namespace QkdEdge.Delivery.Tests;

/// <summary>The station's "delivery" configuration section, read from files as an operator writes them.</summary>
public sealed class KeyDeliveryConfigurationTests : IDisposable
{
    private const string Master = "sae-alice-app";
    private const string Slave = "sae-bob-app";

    private readonly PkiFolder _pki = new(Master, Slave);

    public void Dispose() => _pki.Dispose();

    [Fact]
    public void TryRead_WhenThereIsNoDeliverySection_SucceedsWithoutOptions()
    {
        bool read = KeyDeliveryConfiguration.TryRead(Configuration(new() { ["role"] = "alice" }), "alice", out var options, out var errors);

        Assert.True(read);
        Assert.Null(options);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task TryRead_WhenTheExampleConfigurationIsGiven_StartsAKmeThatServesTheConfiguredSae()
    {
        var folder = Directory.CreateTempSubdirectory("kme-config-").FullName;
        try
        {
            string store = Path.Combine(folder, "keys.sqlite");
            using (var keys = SqliteKeyStore.Open(store))
            {
                keys.Stage("blk-1", KmePair.KeyBytes(64, 3), 512, KmePair.Provenance("blk-1", 512));
                keys.Commit("blk-1");
            }

            Assert.True(KeyDeliveryConfiguration.TryRead(Configuration(Valid()), "alice", out var options, out var errors), string.Join("\n", errors));
            using var certificate = options!.ServerCertificate;
            await using var kme = await KeyDeliveryHost.StartAsync(options, store);
            using var client = new Etsi014Client(kme.BaseAddress, _pki.Pki.Clients[Master], _pki.Pki.Authority);
            var status = await client.GetStatusAsync(Slave);

            Assert.Equal(HttpStatusCode.OK, status.Status);
            Assert.Equal(("kme-alice", "kme-bob"), (status.Value!.SourceKmeId, status.Value.TargetKmeId));
            Assert.Equal(2, status.Value.StoredKeyCount); // 64 bytes: two keys of the default 256 bits
            Assert.True(IPAddress.IsLoopback(options.Endpoint.Address));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("kme.p12", null, PkiFolder.Pkcs12Password)]
    [InlineData("kme.pem", "kme.key", null)]
    public void TryRead_WhenServerCertificateIsPkcs12OrPemWithKeyFile_LoadsItWithItsKey(string certificate, string? key, string? password)
    {
        var values = Valid();
        values["delivery:serverCertificate"] = _pki.File(certificate);
        values["delivery:serverKey"] = key is null ? null : _pki.File(key);
        values["delivery:serverCertificatePassword"] = password;

        Assert.True(KeyDeliveryConfiguration.TryRead(Configuration(values), "alice", out var options, out var errors), string.Join("\n", errors));
        using var loaded = options!.ServerCertificate;
        Assert.True(loaded.HasPrivateKey);
        Assert.Equal(_pki.Pki.Server.Thumbprint, loaded.Thumbprint);
    }

    [Fact]
    public void TryRead_WhenEveryValueIsWrong_ReportsEachWithItsKeyAndValueAtOnce()
    {
        var values = new Dictionary<string, string?>
        {
            ["delivery:listen"] = "http://0.0.0.0:8443",
            ["delivery:lisen"] = "https://0.0.0.0:8443",
            ["delivery:serverCertificate"] = _pki.File("missing.pem"),
            ["delivery:clientAuthorities"] = _pki.File(Master + ".pem"),
            ["delivery:saes:0:id"] = Master,
            ["delivery:saes:0:certificateSha256"] = "abcd",
            ["delivery:saes:1:id"] = "sae-unused",
            ["delivery:links:0:master"] = Master,
            ["delivery:links:0:slave"] = Master,
            ["delivery:links:1:master"] = "sae-x",
            ["delivery:links:1:slave"] = "sae-y",
            ["delivery:keySize"] = "100",
            ["delivery:maxKeysPerRequest"] = "many",
        };

        bool read = KeyDeliveryConfiguration.TryRead(Configuration(values), "alice", out var options, out var errors);

        Assert.False(read);
        Assert.Null(options);
        string all = string.Join("\n", errors);
        Assert.Contains("delivery:listen = 'http://0.0.0.0:8443' uses http, but keys are delivered over https only.", errors);
        Assert.Contains("delivery:lisen is not a setting here", all);
        Assert.Contains($"delivery:serverCertificate = '{_pki.File("missing.pem")}' no such file.", errors);
        Assert.Contains($"delivery:clientAuthorities = '{_pki.File(Master + ".pem")}' holds CN={Master}, which is not a certificate authority", all);
        Assert.Contains("delivery:saes:0:certificateSha256 = 'abcd' is not a SHA-256 fingerprint", all);
        Assert.Contains("delivery:saes:1:id = 'sae-unused' is on no link", all);
        Assert.Contains($"delivery:saes:0:id = '{Master}' is on no link", all); // its only link was refused
        Assert.Contains($"delivery:links:0: master and slave are both '{Master}'", all);
        Assert.Contains("delivery:links:1 (sae-x -> sae-y) has neither SAE in delivery:saes", all);
        Assert.Contains("delivery:keySize = 100 is not a multiple of 8 bits.", errors);
        Assert.Contains("delivery:maxKeysPerRequest = 'many' is not a whole number.", errors);
        Assert.Equal(11, errors.Count);
    }

    [Theory]
    [InlineData("https://kme.lab:8443", "names the host 'kme.lab'")]
    [InlineData("https://0.0.0.0:8443/keys", "may give only the scheme, the address and the port")]
    [InlineData("0.0.0.0:8443", "is not a URL; write https://ADDRESS:PORT")]
    public void TryRead_WhenListenIsNotAnHttpsAddress_SaysWhy(string listen, string problem)
    {
        var values = Valid();
        values["delivery:listen"] = listen;

        KeyDeliveryConfiguration.TryRead(Configuration(values), "alice", out _, out var errors);

        Assert.StartsWith($"delivery:listen = '{listen}' {problem}", Assert.Single(errors));
    }

    [Theory]
    [InlineData(-60, "expired on")]
    [InlineData(60, "is not valid before")]
    public void TryRead_WhenServerCertificateIsOutsideItsValidity_SaysWhen(int issuedDaysFromNow, string problem)
    {
        var values = Valid();
        values["delivery:serverCertificate"] = _pki.ServerCertificateIssuedAt(DateTimeOffset.UtcNow.AddDays(issuedDaysFromNow));
        values["delivery:serverKey"] = _pki.File("kme-at.key");

        KeyDeliveryConfiguration.TryRead(Configuration(values), "alice", out _, out var errors);

        Assert.Contains(problem, Assert.Single(errors));
        Assert.StartsWith($"delivery:serverCertificate = '{_pki.File("kme-at.pem")}' (CN=QkdEdge KME)", errors[0]);
    }

    [Fact]
    public void TryRead_WhenPemHasNoKey_SaysWhereTheKeyGoes()
    {
        var values = Valid();
        values["delivery:serverKey"] = null;

        KeyDeliveryConfiguration.TryRead(Configuration(values), "alice", out _, out var errors);

        Assert.Contains("delivery:serverKey", Assert.Single(errors));
    }

    [Fact]
    public void TryRead_WhenSaeIsBoundByFingerprint_MatchesOnlyThatCertificate()
    {
        var values = Valid();
        values["delivery:saes:0:certificateSha256"] = SaeCredential.Fingerprint(_pki.Pki.Clients[Master]).ToUpperInvariant();

        Assert.True(KeyDeliveryConfiguration.TryRead(Configuration(values), "bob", out var options, out var errors), string.Join("\n", errors));
        using var certificate = options!.ServerCertificate;
        var credential = Assert.Single(options.Saes);
        Assert.True(credential.Matches(_pki.Pki.Clients[Master]));
        Assert.False(credential.Matches(_pki.Pki.Clients[Slave]));
        Assert.Equal(("kme-bob", "kme-alice"), (options.KmeId, options.PeerKmeId));
    }

    /// <summary>Alice's configuration from docs/key-delivery.md, with this test's files.</summary>
    private Dictionary<string, string?> Valid() => new()
    {
        ["delivery:listen"] = "https://127.0.0.1:0",
        ["delivery:serverCertificate"] = _pki.File("kme.pem"),
        ["delivery:serverKey"] = _pki.File("kme.key"),
        ["delivery:clientAuthorities"] = _pki.File("ca.pem"),
        ["delivery:saes:0:id"] = Master,
        ["delivery:links:0:master"] = Master,
        ["delivery:links:0:slave"] = Slave,
    };

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
