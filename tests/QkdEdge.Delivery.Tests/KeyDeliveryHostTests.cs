using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using QkdEdge.Delivery.Etsi014;
using QkdEdge.Delivery.Pki;
using QkdEdge.Delivery.Tests.Support;

namespace QkdEdge.Delivery.Tests;

/// <summary>ETSI GS QKD 014 between two SAEs and two KMEs, over HTTPS on loopback.</summary>
public sealed class KeyDeliveryHostTests
{
    private static readonly byte[] Block = KmePair.KeyBytes(512, seed: 7); // 4096 bits

    [Fact]
    public async Task DecKeys_WhenSlaveRedeemsMasterKeyIds_BothSaesHoldTheSameKeys()
    {
        await using var kmes = await KmePair.StartAsync(("blk-1", Block));
        using var master = kmes.Client(kmes.Alice, KmePair.Master);
        using var slave = kmes.Client(kmes.Bob, KmePair.Slave);

        var enc = await master.GetKeysAsync(KmePair.Slave, new KeyRequest { Number = 3, Size = 256 });
        var dec = await slave.GetKeysWithIdsAsync(KmePair.Master, enc.Value!.Keys.Select(k => k.KeyId));

        Assert.Equal(HttpStatusCode.OK, enc.Status);
        Assert.Equal(HttpStatusCode.OK, dec.Status);
        Assert.Equal(3, enc.Value.Keys.Count);
        Assert.Equal(enc.Value.Keys, dec.Value!.Keys);
        // The keys are the block's first 3 x 32 bytes, in order, each one different.
        for (var i = 0; i < 3; i++)
            Assert.Equal(Block[(32 * i)..(32 * (i + 1))], Convert.FromBase64String(enc.Value.Keys[i].Key));
        Assert.Equal(3, enc.Value.Keys.Select(k => k.KeyId).Distinct().Count());
    }

    [Fact]
    public async Task DecKeys_WhenKeyIdsWereAlreadyRedeemed_Returns400KeysNotFound()
    {
        await using var kmes = await KmePair.StartAsync(("blk-1", Block));
        using var master = kmes.Client(kmes.Alice, KmePair.Master);
        using var slave = kmes.Client(kmes.Bob, KmePair.Slave);
        var ids = (await master.GetKeysAsync(KmePair.Slave, new KeyRequest { Number = 2 })).Value!.Keys.Select(k => k.KeyId).ToList();
        Assert.Equal(HttpStatusCode.OK, (await slave.GetKeysWithIdsAsync(KmePair.Master, ids)).Status);

        var again = await slave.GetKeysWithIdsAsync(KmePair.Master, ids);

        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.StartsWith(Etsi014Messages.KeysNotFound, again.Error!.Message);
        Assert.Contains($"key_IDs[0] = '{ids[0]}' names no undelivered key here", again.Error.Message);
        Assert.Contains("none of the 2 keys was delivered", again.Error.Message);
    }

    [Fact]
    public async Task DecKeys_WhenOnlyTheSecondKeyIdWasRedeemed_NamesThatOneAndDeliversNeither()
    {
        await using var kmes = await KmePair.StartAsync(("blk-1", Block));
        using var master = kmes.Client(kmes.Alice, KmePair.Master);
        using var slave = kmes.Client(kmes.Bob, KmePair.Slave);
        var ids = (await master.GetKeysAsync(KmePair.Slave, new KeyRequest { Number = 2 })).Value!.Keys.Select(k => k.KeyId).ToList();
        Assert.Equal(HttpStatusCode.OK, (await slave.GetKeysWithIdsAsync(KmePair.Master, [ids[1]])).Status);

        var both = await slave.GetKeysWithIdsAsync(KmePair.Master, ids);

        Assert.Equal(HttpStatusCode.BadRequest, both.Status);
        Assert.Contains($"key_IDs[1] = '{ids[1]}'", both.Error!.Message);
        Assert.DoesNotContain(ids[0], both.Error.Message);
        // The request was refused as a whole: the first key is still there to redeem.
        var first = await slave.GetKeysWithIdsAsync(KmePair.Master, [ids[0]]);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(ids[0], Assert.Single(first.Value!.Keys).KeyId);
    }

    [Fact]
    public async Task EncKeys_WhenDelivered_BothStoresEraseTheDeliveredBytesOnly()
    {
        await using var kmes = await KmePair.StartAsync(("blk-1", Block));
        using var master = kmes.Client(kmes.Alice, KmePair.Master);
        using var slave = kmes.Client(kmes.Bob, KmePair.Slave);

        var enc = await master.GetKeysAsync(KmePair.Slave, new KeyRequest { Number = 2, Size = 128 });
        var aliceAfterEnc = Assert.Single(kmes.AliceStore.CommittedKeys()).Key;
        var bobBeforeDec = Assert.Single(kmes.BobStore.CommittedKeys()).Key;
        await slave.GetKeysWithIdsAsync(KmePair.Master, enc.Value!.Keys.Select(k => k.KeyId));
        var bobAfterDec = Assert.Single(kmes.BobStore.CommittedKeys()).Key;

        Assert.All(aliceAfterEnc[..32], b => Assert.Equal(0, b));
        Assert.Equal(Block[32..], aliceAfterEnc[32..]);
        Assert.Equal(Block, bobBeforeDec); // Bob erases when his own SAE has the key, not before.
        Assert.All(bobAfterDec[..32], b => Assert.Equal(0, b));
        Assert.Equal(Block[32..], bobAfterDec[32..]);
    }

    [Fact]
    public async Task GetMethods_WhenParametersAreInTheQuery_DeliverLikePost()
    {
        await using var kmes = await KmePair.StartAsync(("blk-1", Block));
        using var master = kmes.Client(kmes.Alice, KmePair.Master);
        using var slave = kmes.Client(kmes.Bob, KmePair.Slave);

        var enc = await master.Http.GetFromJsonAsync<KeyContainer>($"{Client.Etsi014Client.Path(KmePair.Slave, "enc_keys")}?number=2&size=64");
        var id = enc!.Keys[1].KeyId;
        var dec = await slave.Http.GetFromJsonAsync<KeyContainer>($"{Client.Etsi014Client.Path(KmePair.Master, "dec_keys")}?key_ID={id}");

        Assert.Equal(2, enc.Keys.Count);
        Assert.Equal(Block[8..16], Convert.FromBase64String(enc.Keys[1].Key));
        Assert.Equal(enc.Keys[1], Assert.Single(dec!.Keys));
    }

    [Fact]
    public async Task Status_WhenMasterAsks_ReportsEverySpecFieldWithTheStoredKeyCount()
    {
        await using var kmes = await KmePair.StartAsync(("blk-1", Block), ("blk-2", KmePair.KeyBytes(100, seed: 8)));
        using var master = kmes.Client(kmes.Alice, KmePair.Master);

        var response = await master.Http.GetAsync(Client.Etsi014Client.Path(KmePair.Slave, "status"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var status = json.RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            ["source_KME_ID", "target_KME_ID", "master_SAE_ID", "slave_SAE_ID", "key_size", "stored_key_count", "max_key_count",
             "max_key_per_request", "max_key_size", "min_key_size", "max_SAE_ID_count"],
            status.EnumerateObject().Select(p => p.Name));
        Assert.Equal("kme-alice", status.GetProperty("source_KME_ID").GetString());
        Assert.Equal("kme-bob", status.GetProperty("target_KME_ID").GetString());
        Assert.Equal(KmePair.Master, status.GetProperty("master_SAE_ID").GetString());
        Assert.Equal(KmePair.Slave, status.GetProperty("slave_SAE_ID").GetString());
        Assert.Equal(256, status.GetProperty("key_size").GetInt32());
        // 512 bytes hold 16 keys of 32 bytes, 100 bytes hold 3 more: keys never straddle blocks.
        Assert.Equal(16 + 3, status.GetProperty("stored_key_count").GetInt64());
        Assert.Equal(KmePair.MaxKeysPerRequest, status.GetProperty("max_key_per_request").GetInt32());
        Assert.Equal(0, status.GetProperty("max_SAE_ID_count").GetInt32());
    }

    [Fact]
    public async Task EncKeys_WhenMoreKeysThanStored_Returns503AndTakesNothing()
    {
        await using var kmes = await KmePair.StartAsync(("blk-1", KmePair.KeyBytes(96, seed: 9))); // 3 keys of 256 bits
        using var master = kmes.Client(kmes.Alice, KmePair.Master);

        var tooMany = await master.GetKeysAsync(KmePair.Slave, new KeyRequest { Number = 4 });
        var status = await master.GetStatusAsync(KmePair.Slave);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, tooMany.Status);
        Assert.StartsWith(Etsi014Messages.InsufficientKey, tooMany.Error!.Message);
        Assert.Contains("4 keys of 256 bits asked for, 3 stored", tooMany.Error.Message);
        Assert.Equal(3, status.Value!.StoredKeyCount);
        Assert.Equal(HttpStatusCode.OK, (await master.GetKeysAsync(KmePair.Slave, new KeyRequest { Number = 3 })).Status);
    }

    [Fact]
    public async Task EncKeys_WhenNumberExceedsMaxKeyPerRequest_Returns400()
    {
        await using var kmes = await KmePair.StartAsync(("blk-1", Block));
        using var master = kmes.Client(kmes.Alice, KmePair.Master);

        var response = await master.GetKeysAsync(KmePair.Slave, new KeyRequest { Number = KmePair.MaxKeysPerRequest + 1, Size = 8 });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("max_key_per_request", response.Error!.Message);
    }

    [Theory]
    [InlineData("{not json", "bad request format")]
    [InlineData("""{"number": "two"}""", "bad request format")]
    [InlineData("""{"number": 1, "number": 2}""", "bad request format")]
    [InlineData("""{"number": 0}""", "number shall be between")]
    [InlineData("""{"size": 100}""", Etsi014Messages.SizeNotMultipleOf8)]
    [InlineData("""{"size": 0}""", "size shall be between")]
    [InlineData("""{"size": 16384}""", "size shall be between")]
    [InlineData("""{"additional_slave_SAE_IDs": ["sae-other"]}""", "additional_slave_SAE_IDs")]
    [InlineData("null", "bad request format")]
    public async Task EncKeys_WhenRequestIsMalformed_Returns400WithMessage(string body, string message)
    {
        await using var kmes = await KmePair.StartAsync(("blk-1", Block));
        using var master = kmes.Client(kmes.Alice, KmePair.Master);

        var response = await master.Http.PostAsync(Client.Etsi014Client.Path(KmePair.Slave, "enc_keys"), new StringContent(body, Encoding.UTF8, "application/json"));
        var error = await response.Content.ReadFromJsonAsync<ErrorResponse>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(message, error!.Message);
        Assert.Equal(Block, Assert.Single(kmes.AliceStore.CommittedKeys()).Key);
    }

    [Fact]
    public async Task EncKeys_WhenExtensionIsMandatory_Returns400NamingTheUnsupportedExtension()
    {
        await using var kmes = await KmePair.StartAsync(("blk-1", Block));
        using var master = kmes.Client(kmes.Alice, KmePair.Master);
        const string body = """{"number": 1, "extension_mandatory": [{"abc_route_type": "direct"}]}""";

        var response = await master.Http.PostAsync(Client.Etsi014Client.Path(KmePair.Slave, "enc_keys"), new StringContent(body, Encoding.UTF8, "application/json"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"{Etsi014Messages.ExtensionMandatoryUnsupported}: abc_route_type", json.RootElement.GetProperty("message").GetString());
        var unsupported = json.RootElement.GetProperty("details")[0].GetProperty("extension_mandatory_unsupported");
        Assert.Equal("abc_route_type", Assert.Single(unsupported.EnumerateArray()).GetString());
    }

    [Fact]
    public async Task EncKeys_WhenOptionalExtensionIsUnknown_IgnoresItAndDelivers()
    {
        await using var kmes = await KmePair.StartAsync(("blk-1", Block));
        using var master = kmes.Client(kmes.Alice, KmePair.Master);
        const string body = """{"number": 1, "extension_optional": [{"abc_transfer_method": "qkd"}]}""";

        var response = await master.Http.PostAsync(Client.Etsi014Client.Path(KmePair.Slave, "enc_keys"), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"key_IDs": [{"key_ID": "not-a-uuid"}]}""", HttpStatusCode.BadRequest, Etsi014Messages.KeysNotFound)]
    [InlineData("""{"key_IDs": [{"key_ID": "6f1c2a9e-3b7d-4c1a-9e2f-0a1b2c3d4e5f"}]}""", HttpStatusCode.BadRequest, Etsi014Messages.KeysNotFound)]
    [InlineData("""{"key_IDs": [{"key_ID": "00000000-0000-8000-8000-040000000001"}]}""", HttpStatusCode.BadRequest, Etsi014Messages.KeysNotFound)]
    [InlineData("""{"key_IDs": []}""", HttpStatusCode.BadRequest, "bad request format")]
    [InlineData("""{"key_IDs": "abc"}""", HttpStatusCode.BadRequest, "bad request format")]
    [InlineData("", HttpStatusCode.BadRequest, "bad request format")]
    public async Task DecKeys_WhenRequestIsMalformedOrUnknown_Returns400WithMessage(string body, HttpStatusCode expected, string message)
    {
        await using var kmes = await KmePair.StartAsync(("blk-1", Block));
        using var slave = kmes.Client(kmes.Bob, KmePair.Slave);

        var response = await slave.Http.PostAsync(Client.Etsi014Client.Path(KmePair.Master, "dec_keys"), new StringContent(body, Encoding.UTF8, "application/json"));
        var error = await response.Content.ReadFromJsonAsync<ErrorResponse>();

        Assert.Equal(expected, response.StatusCode);
        Assert.StartsWith(message, error!.Message);
    }

    [Fact]
    public async Task Requests_WhenClientSendsNoCertificate_Return401()
    {
        await using var kmes = await KmePair.StartAsync(("blk-1", Block));
        using var anonymous = kmes.Client(kmes.Alice, sae: null);

        var enc = await anonymous.GetKeysAsync(KmePair.Slave, new KeyRequest());
        var status = await anonymous.GetStatusAsync(KmePair.Slave);
        var dec = await anonymous.GetKeysWithIdsAsync(KmePair.Master, ["00000000-0000-8000-8000-040000000001"]);

        Assert.All([enc.Status, status.Status, dec.Status], s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.StartsWith(Etsi014Messages.Unauthorized, enc.Error!.Message);
        Assert.Equal(Block, Assert.Single(kmes.AliceStore.CommittedKeys()).Key);
    }

    [Fact]
    public async Task Requests_WhenCertificateIsBoundToNoSae_Return401()
    {
        await using var kmes = await KmePair.StartAsync(("blk-1", Block));
        using var unknownAtAlice = kmes.Client(kmes.Alice, KmePair.Unbound);
        using var unknownAtBob = kmes.Client(kmes.Bob, KmePair.Unbound);

        var enc = await unknownAtAlice.GetKeysAsync(KmePair.Slave, new KeyRequest());
        var dec = await unknownAtBob.GetKeysWithIdsAsync(KmePair.Master, ["00000000-0000-8000-8000-040000000001"]);

        Assert.Equal(HttpStatusCode.Unauthorized, enc.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, dec.Status);
    }

    [Fact]
    public async Task Requests_WhenSaeIsAttachedToTheOtherKme_Return401()
    {
        await using var kmes = await KmePair.StartAsync(("blk-1", Block));
        using var slaveAtAlice = kmes.Client(kmes.Alice, KmePair.Slave);
        using var masterAtBob = kmes.Client(kmes.Bob, KmePair.Master);
        using var master = kmes.Client(kmes.Alice, KmePair.Master);
        var ids = (await master.GetKeysAsync(KmePair.Slave, new KeyRequest())).Value!.Keys.Select(k => k.KeyId).ToList();

        // The master may not redeem its own key IDs at the peer KME, nor the slave draw keys at Alice's.
        Assert.Equal(HttpStatusCode.Unauthorized, (await masterAtBob.GetKeysWithIdsAsync(KmePair.Master, ids)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await slaveAtAlice.GetKeysAsync(KmePair.Master, new KeyRequest())).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await master.GetKeysAsync("sae-not-linked", new KeyRequest())).Status);
    }

    [Fact]
    public async Task Handshake_WhenCertificateComesFromAnotherAuthority_IsRefused()
    {
        await using var kmes = await KmePair.StartAsync(("blk-1", Block));
        using var outsiderAuthority = DevelopmentPki.CreateAuthority("Some other CA");
        // Same subject as the bound slave SAE: the name alone must not let it in.
        using var impostor = DevelopmentPki.IssueClientCertificate(outsiderAuthority, KmePair.Slave);
        using var client = kmes.Client(kmes.Bob, impostor);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStatusAsync(KmePair.Master));
    }

    [Fact]
    public async Task Metrics_WhenKeysDeliveredAndRefused_CountByRoleAndReasonAndTrackTheStore()
    {
        await using var kmes = await KmePair.StartAsync(("blk-1", Block));
        using var master = kmes.Client(kmes.Alice, KmePair.Master);
        using var slave = kmes.Client(kmes.Bob, KmePair.Slave);
        using var anonymous = kmes.Client(kmes.Alice, sae: null);

        var enc = await master.GetKeysAsync(KmePair.Slave, new KeyRequest { Number = 4, Size = 256 });
        await slave.GetKeysWithIdsAsync(KmePair.Master, enc.Value!.Keys.Select(k => k.KeyId));
        await slave.GetKeysWithIdsAsync(KmePair.Master, enc.Value.Keys.Select(k => k.KeyId));
        await anonymous.GetStatusAsync(KmePair.Slave);
        await master.GetKeysAsync(KmePair.Slave, new KeyRequest { Number = 16, Size = 8192 });
        var alice = await Scrape.ExportAsync(kmes.AliceMetrics);
        var bob = await Scrape.ExportAsync(kmes.BobMetrics);

        Assert.Equal(4, alice.Value("qkdedge_keys_delivered_total", ("role", "master")));
        Assert.Equal(4 * 256, alice.Value("qkdedge_delivered_key_bits_total", ("role", "master")));
        Assert.Equal(4, bob.Value("qkdedge_keys_delivered_total", ("role", "slave")));
        Assert.Equal(1, bob.Value("qkdedge_key_delivery_failures_total", ("reason", "key_not_found")));
        Assert.Equal(1, alice.Value("qkdedge_key_delivery_failures_total", ("reason", "unauthorized")));
        Assert.Equal(1, alice.Value("qkdedge_key_delivery_failures_total", ("reason", "insufficient_key")));
        Assert.Equal(4096 - 4 * 256, alice.Value("qkdedge_key_store_available_bits"));
        Assert.Equal(4096 - 4 * 256, bob.Value("qkdedge_key_store_available_bits"));
        Assert.Equal(1, alice.Value("qkdedge_key_store_blocks"));
    }
}
