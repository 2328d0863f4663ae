using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using QkdEdge.Delivery.Etsi014;

namespace QkdEdge.Fuzz.Delivery;

/// <summary>
/// The request reading of the ETSI GS QKD 014 endpoints, step for step: the body as UTF-8 text,
/// blank meaning "no body", JSON with the interface's serializer options and a JsonException turned
/// into a 400; query integers as one non-negative number each. The endpoints keep these steps in
/// private methods bound to HttpContext, so the target repeats them here over plain bytes and
/// calls the service exactly as the endpoints do.
/// </summary>
internal static class EndpointParsing
{
    public static (T? Request, string Error) ReadBody<T>(ReadOnlySpan<byte> body, T? emptyMeans)
        where T : class
    {
        using var reader = new StreamReader(new MemoryStream(body.ToArray()), Encoding.UTF8);
        string text = reader.ReadToEnd();
        if (string.IsNullOrWhiteSpace(text))
            return emptyMeans is null ? (null, $"{Etsi014Messages.BadRequestFormat}: the request body is empty") : (emptyMeans, "");
        try
        {
            var request = JsonSerializer.Deserialize<T>(text, Etsi014Json.Options);
            return request is null ? (null, $"{Etsi014Messages.BadRequestFormat}: the request body is null") : (request, "");
        }
        catch (JsonException exception)
        {
            return (null, $"{Etsi014Messages.BadRequestFormat}: {exception.Message}");
        }
    }

    /// <summary>The query string as the server's query feature parses it.</summary>
    public static Dictionary<string, StringValues> Query(ReadOnlySpan<byte> text) =>
        QueryHelpers.ParseQuery("?" + Encoding.UTF8.GetString(text));

    public static bool TryQueryInt(Dictionary<string, StringValues> query, string name, out int? value, out string error)
    {
        value = null;
        error = "";
        if (!query.TryGetValue(name, out var values) || values.Count == 0)
            return true;
        if (values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }

        error = $"{Etsi014Messages.BadRequestFormat}: {name} shall be one non-negative integer";
        return false;
    }
}
