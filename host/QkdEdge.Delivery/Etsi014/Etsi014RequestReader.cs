using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Primitives;

namespace QkdEdge.Delivery.Etsi014;

/// <summary>
/// Reads the request objects of ETSI GS QKD 014 V1.1.1 (Key request, clause 6.2; Key IDs, clause 6.4)
/// and the query parameters of its GET calls, strictly: the standard fixes their fields, so a field or
/// parameter the object or call does not have, one given twice, or a value of the wrong type is refused
/// with a 400 whose message names the field and the value. System.Text.Json parses the body; the fields
/// are then checked here rather than bound by the serializer, whose errors name .NET types instead of
/// the standard's fields and never show the offending value.
/// </summary>
public static class Etsi014RequestReader
{
    /// <summary>Values echoed in messages are cut to this length: enough to recognise, never a request-sized echo.</summary>
    private const int EchoLength = 64;

    private static readonly JsonDocumentOptions Parsing = new() { MaxDepth = 32 };

    private static readonly string[] KeyRequestFields = ["number", "size", "additional_slave_SAE_IDs", "extension_mandatory", "extension_optional"];
    private static readonly string[] KeyIdsFields = ["key_IDs", "key_IDs_extension"];
    private static readonly string[] KeyIdFields = ["key_ID", "key_ID_extension"];

    /// <summary>The body of POST enc_keys. Blank means every field at its default, as the standard allows.</summary>
    public static (KeyRequest? Request, RequestProblem? Problem) ReadKeyRequest(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (string.IsNullOrWhiteSpace(body))
            return (new KeyRequest(), null);
        return Read<KeyRequest>(body, "Key request", root =>
        {
            if (Fields(root, "", KeyRequestFields) is { } problem)
                return (null, problem);
            int? number = null, size = null;
            IReadOnlyList<string>? additional = null;
            IReadOnlyList<JsonElement>? mandatory = null, optional = null;
            problem = Integer(root, "number", ref number)
                ?? Integer(root, "size", ref size)
                ?? Strings(root, "additional_slave_SAE_IDs", ref additional)
                ?? Array(root, "extension_mandatory", ref mandatory)
                ?? Array(root, "extension_optional", ref optional);
            return problem is not null
                ? (null, problem)
                : (new KeyRequest { Number = number, Size = size, AdditionalSlaveSaeIds = additional, ExtensionMandatory = mandatory, ExtensionOptional = optional }, null);
        });
    }

    /// <summary>The body of POST dec_keys: a Key IDs object with at least the key_IDs array.</summary>
    public static (KeyIdsRequest? Request, RequestProblem? Problem) ReadKeyIdsRequest(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (string.IsNullOrWhiteSpace(body))
            return (null, RequestProblem.Of($"{Etsi014Messages.BadRequestFormat}: the request body is empty; it shall be a Key IDs object", "key_IDs"));
        return Read<KeyIdsRequest>(body, "Key IDs", root =>
        {
            if (Fields(root, "", KeyIdsFields) is { } problem)
                return (null, problem);
            if (root.TryGetProperty("key_IDs_extension", out var extension) && extension.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                return (null, WrongType("key_IDs_extension", "an object", extension));
            if (!root.TryGetProperty("key_IDs", out var ids))
                return (null, RequestProblem.Of($"{Etsi014Messages.BadRequestFormat}: key_IDs is missing", "key_IDs"));
            if (ids.ValueKind != JsonValueKind.Array)
                return (null, WrongType("key_IDs", "an array of objects with a key_ID", ids));

            var entries = new List<KeyIdEntry>(ids.GetArrayLength());
            var index = 0;
            foreach (var item in ids.EnumerateArray())
            {
                var path = $"key_IDs[{index++}]";
                if (item.ValueKind != JsonValueKind.Object)
                    return (null, WrongType(path, "an object with a key_ID", item));
                if (Fields(item, path + ".", KeyIdFields) is { } itemProblem)
                    return (null, itemProblem);
                if (!item.TryGetProperty("key_ID", out var id))
                    return (null, RequestProblem.Of($"{Etsi014Messages.BadRequestFormat}: {path}.key_ID is missing", path + ".key_ID"));
                if (id.ValueKind != JsonValueKind.String)
                    return (null, WrongType(path + ".key_ID", "a string", id));
                if (item.TryGetProperty("key_ID_extension", out var idExtension) && idExtension.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                    return (null, WrongType(path + ".key_ID_extension", "an object", idExtension));
                entries.Add(new KeyIdEntry { KeyId = id.GetString() });
            }
            return (new KeyIdsRequest { KeyIds = entries }, null);
        });
    }

    /// <summary>The query of GET enc_keys: number and size, each at most once, each a non-negative integer.</summary>
    public static (KeyRequest? Request, RequestProblem? Problem) ReadKeyRequestQuery(IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        int? number = null, size = null;
        foreach (var (name, values) in query)
        {
            if (name is not ("number" or "size"))
                return (null, UnknownParameter(name, "GET enc_keys", "number, size"));
            if (Single(name, values) is { } problem)
                return (null, problem);
            var text = values[0] ?? "";
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                return (null, RequestProblem.Of($"{Etsi014Messages.BadRequestFormat}: {name} shall be a non-negative integer, not '{Echo(text)}'", name, Echo(text)));
            if (name == "number")
                number = value;
            else
                size = value;
        }
        return (new KeyRequest { Number = number, Size = size }, null);
    }

    /// <summary>The query of GET dec_keys: exactly one key_ID.</summary>
    public static (KeyIdsRequest? Request, RequestProblem? Problem) ReadKeyIdQuery(IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        string? keyId = null;
        foreach (var (name, values) in query)
        {
            if (name != "key_ID")
                return (null, UnknownParameter(name, "GET dec_keys", "key_ID"));
            if (Single(name, values) is { } problem)
                return (null, problem);
            keyId = values[0];
        }
        return keyId is null
            ? (null, RequestProblem.Of($"{Etsi014Messages.BadRequestFormat}: GET dec_keys takes exactly one key_ID parameter, and none was given", "key_ID"))
            : (new KeyIdsRequest { KeyIds = [new KeyIdEntry { KeyId = keyId }] }, null);
    }

    /// <summary>The query of GET status, which takes no parameters.</summary>
    public static RequestProblem? CheckStatusQuery(IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        foreach (var (name, _) in query)
            return UnknownParameter(name, "GET status", "none");
        return null;
    }

    /// <summary>Text as it may appear in a message: at most <see cref="EchoLength"/> characters.</summary>
    public static string Echo(string text) => text.Length <= EchoLength ? text : string.Concat(text.AsSpan(0, EchoLength - 3), "...");

    private static (T?, RequestProblem?) Read<T>(string body, string objectName, Func<JsonElement, (T?, RequestProblem?)> read)
        where T : class
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Parsing);
        }
        catch (JsonException exception)
        {
            return (null, RequestProblem.Of($"{Etsi014Messages.BadRequestFormat}: the body is not JSON: {exception.Message}", "body"));
        }

        using (document)
        {
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                ? read(root)
                : (null, RequestProblem.Of($"{Etsi014Messages.BadRequestFormat}: the body shall be a {objectName} object, not {Echo(root.GetRawText())}", "body", Echo(root.GetRawText())));
        }
    }

    /// <summary>Every field of <paramref name="element"/> is one of <paramref name="known"/>, and none appears twice.</summary>
    private static RequestProblem? Fields(JsonElement element, string prefix, string[] known)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            // Field names are matched exactly: the standard spells them with mixed case (key_IDs, slave_SAE_ID).
            if (System.Array.IndexOf(known, property.Name) < 0)
                return RequestProblem.Of(
                    $"{Etsi014Messages.BadRequestFormat}: unknown field '{prefix}{Echo(property.Name)}'; the fields here are {string.Join(", ", known)}",
                    prefix + Echo(property.Name));
            if (!seen.Add(property.Name))
                return RequestProblem.Of($"{Etsi014Messages.BadRequestFormat}: field '{prefix}{property.Name}' appears more than once", prefix + property.Name);
        }
        return null;
    }

    /// <summary>An optional integer field; null counts as absent.</summary>
    private static RequestProblem? Integer(JsonElement root, string name, ref int? value)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            return null;
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var parsed))
        {
            value = parsed;
            return null;
        }
        return WrongType(name, "an integer", element);
    }

    private static RequestProblem? Strings(JsonElement root, string name, ref IReadOnlyList<string>? value)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            return null;
        if (element.ValueKind != JsonValueKind.Array)
            return WrongType(name, "an array of strings", element);
        var strings = new List<string>();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                return WrongType($"{name}[{index}]", "a string", item);
            strings.Add(item.GetString()!);
            index++;
        }
        value = strings;
        return null;
    }

    private static RequestProblem? Array(JsonElement root, string name, ref IReadOnlyList<JsonElement>? value)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            return null;
        if (element.ValueKind != JsonValueKind.Array)
            return WrongType(name, "an array", element);
        // Cloned: the document is disposed when reading ends, the request lives on.
        value = [.. element.EnumerateArray().Select(e => e.Clone())];
        return null;
    }

    private static RequestProblem WrongType(string path, string expected, JsonElement value)
    {
        var text = Echo(value.GetRawText());
        return RequestProblem.Of($"{Etsi014Messages.BadRequestFormat}: {path} shall be {expected}, not {text}", path, text);
    }

    private static RequestProblem? Single(string name, StringValues values) => values.Count == 1
        ? null
        : RequestProblem.Of($"{Etsi014Messages.BadRequestFormat}: {Echo(name)} is given {values.Count} times; it may be given once", Echo(name));

    private static RequestProblem UnknownParameter(string name, string call, string known) =>
        RequestProblem.Of($"{Etsi014Messages.BadRequestFormat}: unknown query parameter '{Echo(name)}'; {call} takes {known}", Echo(name));
}
