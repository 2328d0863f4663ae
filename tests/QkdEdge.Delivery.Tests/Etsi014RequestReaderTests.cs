using Microsoft.Extensions.Primitives;
using QkdEdge.Delivery.Etsi014;

namespace QkdEdge.Delivery.Tests;

/// <summary>The strict reading of ETSI GS QKD 014 request objects and query parameters, without HTTP.</summary>
public sealed class Etsi014RequestReaderTests
{
    private const string KeyId = "00000000-0000-8000-8000-040000000001";

    [Theory]
    [InlineData("""{"number": 1, "sise": 256}""", "sise")]
    [InlineData("""{"Number": 1}""", "Number")] // the standard's names are case-sensitive
    [InlineData("""{"number": 1, "key_IDs": []}""", "key_IDs")] // a Key IDs field in a Key request
    public void ReadKeyRequest_WhenAFieldIsNotTheStandards_RefusesNamingIt(string body, string field)
    {
        var (request, problem) = Etsi014RequestReader.ReadKeyRequest(body);

        Assert.Null(request);
        Assert.StartsWith($"{Etsi014Messages.BadRequestFormat}: unknown field '{field}'", problem!.Message);
        Assert.Equal(field, problem.Detail["parameter"]);
    }

    [Theory]
    [InlineData("""{"number": "two"}""", "number shall be an integer, not \"two\"", "number", "\"two\"")]
    [InlineData("""{"size": 2.5}""", "size shall be an integer, not 2.5", "size", "2.5")]
    [InlineData("""{"number": 3000000000}""", "number shall be an integer, not 3000000000", "number", "3000000000")]
    [InlineData("""{"additional_slave_SAE_IDs": ["a", 7]}""", "additional_slave_SAE_IDs[1] shall be a string, not 7", "additional_slave_SAE_IDs[1]", "7")]
    [InlineData("""{"extension_optional": {"a": 1}}""", "extension_optional shall be an array, not {\"a\": 1}", "extension_optional", "{\"a\": 1}")]
    public void ReadKeyRequest_WhenAValueHasTheWrongType_NamesTheFieldAndTheValue(string body, string message, string parameter, string value)
    {
        var (request, problem) = Etsi014RequestReader.ReadKeyRequest(body);

        Assert.Null(request);
        Assert.Equal($"{Etsi014Messages.BadRequestFormat}: {message}", problem!.Message);
        Assert.Equal(parameter, problem.Detail["parameter"]);
        Assert.Equal(value, problem.Detail["value"]);
    }

    [Fact]
    public void ReadKeyRequest_WhenAFieldIsRepeated_NamesIt()
    {
        var (_, problem) = Etsi014RequestReader.ReadKeyRequest("""{"size": 256, "number": 1, "size": 512}""");

        Assert.Equal($"{Etsi014Messages.BadRequestFormat}: field 'size' appears more than once", problem!.Message);
    }

    [Fact]
    public void ReadKeyRequest_WhenEveryStandardFieldIsGiven_ReadsThemAll()
    {
        const string body = """
            {"number": 3, "size": 512, "additional_slave_SAE_IDs": ["sae-x"],
             "extension_mandatory": [{"abc_route_type": "direct"}], "extension_optional": [{"abc_transfer_method": "qkd"}]}
            """;

        var (request, problem) = Etsi014RequestReader.ReadKeyRequest(body);

        Assert.Null(problem);
        Assert.Equal((3, 512), (request!.Number, request.Size));
        Assert.Equal(["sae-x"], request.AdditionalSlaveSaeIds!);
        Assert.Equal("abc_route_type", Assert.Single(request.ExtensionMandatory!).EnumerateObject().Single().Name);
        Assert.Single(request.ExtensionOptional!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    [InlineData("""{"number": null}""")]
    public void ReadKeyRequest_WhenBodyIsBlankOrNull_MeansTheDefaults(string body)
    {
        var (request, problem) = Etsi014RequestReader.ReadKeyRequest(body);

        Assert.Null(problem);
        Assert.Null(request!.Number);
        Assert.Null(request.Size);
    }

    [Theory]
    [InlineData("null", "the body shall be a Key request object, not null")]
    [InlineData("[1]", "the body shall be a Key request object, not [1]")]
    [InlineData("{not json", "the body is not JSON: ")]
    public void ReadKeyRequest_WhenBodyIsNoObject_SaysWhatItIs(string body, string message)
    {
        var (_, problem) = Etsi014RequestReader.ReadKeyRequest(body);

        Assert.StartsWith($"{Etsi014Messages.BadRequestFormat}: {message}", problem!.Message);
    }

    [Fact]
    public void ReadKeyIdsRequest_WhenTheStandardsExtensionFieldsAreGiven_AcceptsThem()
    {
        string body = $$$"""{"key_IDs": [{"key_ID": "{{{KeyId}}}", "key_ID_extension": {"x": 1}}], "key_IDs_extension": {"y": 2}}""";

        var (request, problem) = Etsi014RequestReader.ReadKeyIdsRequest(body);

        Assert.Null(problem);
        Assert.Equal(KeyId, Assert.Single(request!.KeyIds!).KeyId);
    }

    [Theory]
    [InlineData($$"""{"key_IDs": [{"key_ID": "{{KeyId}}"}, {"key_ID": "{{KeyId}}", "keyId": "x"}]}""", "unknown field 'key_IDs[1].keyId'", "key_IDs[1].keyId")]
    [InlineData("""{"key_IDs": [{"key_id": "x"}]}""", "unknown field 'key_IDs[0].key_id'", "key_IDs[0].key_id")]
    [InlineData("""{"key_IDs": [{}]}""", "key_IDs[0].key_ID is missing", "key_IDs[0].key_ID")]
    [InlineData("""{"key_IDs": [{"key_ID": 5}]}""", "key_IDs[0].key_ID shall be a string, not 5", "key_IDs[0].key_ID")]
    [InlineData("""{"key_IDs": ["abc"]}""", "key_IDs[0] shall be an object with a key_ID, not \"abc\"", "key_IDs[0]")]
    [InlineData("""{"keys": []}""", "unknown field 'keys'", "keys")]
    [InlineData("""{}""", "key_IDs is missing", "key_IDs")]
    public void ReadKeyIdsRequest_WhenMalformed_NamesTheField(string body, string message, string parameter)
    {
        var (request, problem) = Etsi014RequestReader.ReadKeyIdsRequest(body);

        Assert.Null(request);
        Assert.StartsWith($"{Etsi014Messages.BadRequestFormat}: {message}", problem!.Message);
        Assert.Equal(parameter, problem.Detail["parameter"]);
    }

    [Fact]
    public void ReadKeyRequest_WhenAnEchoedValueIsLong_CutsIt()
    {
        string name = new('x', 500);

        var (_, problem) = Etsi014RequestReader.ReadKeyRequest($$"""{"{{name}}": 1}""");

        Assert.DoesNotContain(name, problem!.Message);
        Assert.Contains($"unknown field '{new string('x', 61)}...'", problem.Message);
    }

    [Theory]
    [InlineData("number=abc", "number shall be a non-negative integer, not 'abc'")]
    [InlineData("number=-1", "number shall be a non-negative integer, not '-1'")]
    [InlineData("count=2", "unknown query parameter 'count'; GET enc_keys takes number, size")]
    [InlineData("size=8&size=16", "size is given 2 times; it may be given once")]
    public void ReadKeyRequestQuery_WhenAParameterIsBad_NamesItAndItsValue(string query, string message)
    {
        var (request, problem) = Etsi014RequestReader.ReadKeyRequestQuery(Query(query));

        Assert.Null(request);
        Assert.Equal($"{Etsi014Messages.BadRequestFormat}: {message}", problem!.Message);
    }

    [Fact]
    public void ReadKeyRequestQuery_WhenNumberAndSizeAreGiven_ReadsThem()
    {
        var (request, problem) = Etsi014RequestReader.ReadKeyRequestQuery(Query("number=2&size=64"));

        Assert.Null(problem);
        Assert.Equal((2, 64), (request!.Number, request.Size));
    }

    [Theory]
    [InlineData("", "GET dec_keys takes exactly one key_ID parameter, and none was given")]
    [InlineData($"key_ID={KeyId}&key_ID={KeyId}", "key_ID is given 2 times; it may be given once")]
    [InlineData($"key_ID={KeyId}&number=1", "unknown query parameter 'number'; GET dec_keys takes key_ID")]
    public void ReadKeyIdQuery_WhenNotExactlyOneKeyId_SaysWhy(string query, string message)
    {
        var (_, problem) = Etsi014RequestReader.ReadKeyIdQuery(Query(query));

        Assert.Equal($"{Etsi014Messages.BadRequestFormat}: {message}", problem!.Message);
    }

    [Fact]
    public void CheckStatusQuery_WhenAParameterIsGiven_NamesIt()
    {
        Assert.Null(Etsi014RequestReader.CheckStatusQuery(Query("")));
        Assert.Equal($"{Etsi014Messages.BadRequestFormat}: unknown query parameter 'verbose'; GET status takes none",
            Etsi014RequestReader.CheckStatusQuery(Query("verbose=1"))!.Message);
    }

    /// <summary>A query as ASP.NET Core's query feature parses it (names compared ignoring case, repeats gathered).</summary>
    private static Dictionary<string, StringValues> Query(string text) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery("?" + text);
}
