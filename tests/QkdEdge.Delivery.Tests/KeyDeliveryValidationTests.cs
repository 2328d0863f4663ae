using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using QkdEdge.Delivery.Client;
using QkdEdge.Delivery.Etsi014;
using QkdEdge.Delivery.Tests.Support;

namespace QkdEdge.Delivery.Tests;

/// <summary>
/// Input validation at the HTTP interface: errors name the bad value, unknown fields and parameters are
/// refused, and key_IDs follow one rule (canonical UUID text, compared ignoring case).
/// </summary>
public sealed class KeyDeliveryValidationTests
{
    private static readonly byte[] Block = KmePair.KeyBytes(512, seed: 11);

    [Fact]
    public async Task DecKeys_WhenSlaveSendsTheKeyIdInUpperCase_DeliversTheKeyUnderTheTextItSent()
    {
        await using var kmes = await KmePair.StartAsync(("blk-1", Block));
        using var master = kmes.Client(kmes.Alice, KmePair.Master);
        using var slave = kmes.Client(kmes.Bob, KmePair.Slave);
        var issued = Assert.Single((await master.GetKeysAsync(KmePair.Slave, new KeyRequest())).Value!.Keys);
        string upper = issued.KeyId.ToUpperInvariant();

        var dec = await slave.GetKeysWithIdsAsync(KmePair.Master, [upper]);

        Assert.Equal(issued.KeyId.ToLowerInvariant(), issued.KeyId); // issued in lower case
        Assert.Equal(HttpStatusCode.OK, dec.Status);
        var delivered = Assert.Single(dec.Value!.Keys);
        Assert.Equal(upper, delivered.KeyId);
        Assert.Equal(issued.Key, delivered.Key);
    }

    [Fact]
    public async Task DecKeys_WhenAnIdWasRedeemedInOneCase_RefusesItInTheOther()
    {
        await using var kmes = await KmePair.StartAsync(("blk-1", Block));
        using var master = kmes.Client(kmes.Alice, KmePair.Master);
        using var slave = kmes.Client(kmes.Bob, KmePair.Slave);
        string id = Assert.Single((await master.GetKeysAsync(KmePair.Slave, new KeyRequest())).Value!.Keys).KeyId;
        Assert.Equal(HttpStatusCode.OK, (await slave.GetKeysWithIdsAsync(KmePair.Master, [id.ToUpperInvariant()])).Status);

        var again = await slave.GetKeysWithIdsAsync(KmePair.Master, [id]);

        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.StartsWith(Etsi014Messages.KeysNotFound, again.Error!.Message);
        Assert.Contains(id, again.Error.Message);
    }

    [Fact]
    public async Task DecKeys_WhenOneRequestNamesTheSameKeyInTwoCases_RefusesNamingBothAndTakesNothing()
    {
        await using var kmes = await KmePair.StartAsync(("blk-1", Block));
        using var master = kmes.Client(kmes.Alice, KmePair.Master);
        using var slave = kmes.Client(kmes.Bob, KmePair.Slave);
        string id = Assert.Single((await master.GetKeysAsync(KmePair.Slave, new KeyRequest())).Value!.Keys).KeyId;

        var both = await slave.GetKeysWithIdsAsync(KmePair.Master, [id, id.ToUpperInvariant()]);
        var once = await slave.GetKeysWithIdsAsync(KmePair.Master, [id]);

        Assert.Equal(HttpStatusCode.BadRequest, both.Status);
        Assert.Contains($"key_IDs[1] = '{id.ToUpperInvariant()}' names bits that key_IDs[0] = '{id}' names too", both.Error!.Message);
        Assert.Equal(HttpStatusCode.OK, once.Status);
    }

    [Theory]
    [InlineData("{0a1b2c3d-4e5f-8a9b-8c0d-0e1f2a3b4c5d}")]
    [InlineData("0a1b2c3d4e5f8a9b8c0d0e1f2a3b4c5d")]
    [InlineData(" 00000000-0000-8000-8000-040000000001")]
    public async Task DecKeys_WhenKeyIdIsNotCanonicalText_Returns400NamingIt(string id)
    {
        await using var kmes = await KmePair.StartAsync(("blk-1", Block));
        using var slave = kmes.Client(kmes.Bob, KmePair.Slave);

        var response = await slave.GetKeysWithIdsAsync(KmePair.Master, [id]);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.StartsWith($"{Etsi014Messages.KeysNotFound}: key_IDs[0] = '{id}' is not a key_ID this KME issues", response.Error!.Message);
    }

    [Theory]
    [InlineData("""{"number": 1, "sise": 256}""", "bad request format: unknown field 'sise'")]
    [InlineData("""{"number": 17}""", "number shall be between 1 and max_key_per_request (16), not 17")]
    [InlineData("""{"size": 100}""", "size shall be a multiple of 8, not 100")]
    [InlineData("""{"size": 16384}""", "size shall be between min_key_size (8) and max_key_size (8192), not 16384")]
    [InlineData("""{"number": "two"}""", "bad request format: number shall be an integer, not \"two\"")]
    [InlineData("""{"additional_slave_SAE_IDs": ["sae-other"]}""", "additional_slave_SAE_IDs are not supported: max_SAE_ID_count is 0, and the request names 'sae-other'")]
    public async Task EncKeys_WhenRequestIsRefused_TheMessageNamesTheValueAndNothingIsTaken(string body, string message)
    {
        await using var kmes = await KmePair.StartAsync(("blk-1", Block));
        using var master = kmes.Client(kmes.Alice, KmePair.Master);

        var response = await master.Http.PostAsync(Etsi014Client.Path(KmePair.Slave, "enc_keys"), new StringContent(body, Encoding.UTF8, "application/json"));
        var error = await response.Content.ReadFromJsonAsync<ErrorResponse>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(message, error!.Message);
        Assert.NotNull(error.Details);
        Assert.Equal(Block, Assert.Single(kmes.AliceStore.CommittedKeys()).Key);
    }

    [Fact]
    public async Task DecKeys_WhenBodyHasAFieldOutsideTheStandard_Returns400NamingItAndTakesNothing()
    {
        await using var kmes = await KmePair.StartAsync(("blk-1", Block));
        using var master = kmes.Client(kmes.Alice, KmePair.Master);
        using var slave = kmes.Client(kmes.Bob, KmePair.Slave);
        string id = Assert.Single((await master.GetKeysAsync(KmePair.Slave, new KeyRequest())).Value!.Keys).KeyId;
        string body = $$"""{"key_IDs": [{"key_ID": "{{id}}"}], "priority": "high"}""";

        var response = await slave.Http.PostAsync(Etsi014Client.Path(KmePair.Master, "dec_keys"), new StringContent(body, Encoding.UTF8, "application/json"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("bad request format: unknown field 'priority'", json.RootElement.GetProperty("message").GetString());
        Assert.Equal("priority", json.RootElement.GetProperty("details")[0].GetProperty("parameter").GetString());
        Assert.Equal(HttpStatusCode.OK, (await slave.GetKeysWithIdsAsync(KmePair.Master, [id])).Status);
    }

    [Theory]
    [InlineData("enc_keys?number=abc", "bad request format: number shall be a non-negative integer, not 'abc'")]
    [InlineData("enc_keys?count=2", "bad request format: unknown query parameter 'count'; GET enc_keys takes number, size")]
    [InlineData("status?verbose=1", "bad request format: unknown query parameter 'verbose'; GET status takes none")]
    public async Task GetCalls_WhenAQueryParameterIsBad_Return400NamingIt(string call, string message)
    {
        await using var kmes = await KmePair.StartAsync(("blk-1", Block));
        using var master = kmes.Client(kmes.Alice, KmePair.Master);

        var response = await master.Http.GetAsync($"api/v1/keys/{KmePair.Slave}/{call}");
        var error = await response.Content.ReadFromJsonAsync<ErrorResponse>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, error!.Message);
    }
}
