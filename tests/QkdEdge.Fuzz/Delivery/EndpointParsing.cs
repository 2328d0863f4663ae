using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace QkdEdge.Fuzz.Delivery;

/// <summary>
/// The two steps of the ETSI GS QKD 014 endpoints that are bound to HttpContext, over plain bytes: the body read
/// as UTF-8 text (as a StreamReader on the request body reads it) and the query string as the server's query
/// feature parses it. Everything after them is the product's own <c>Etsi014RequestReader</c>.
/// </summary>
internal static class EndpointParsing
{
    public static string Body(ReadOnlySpan<byte> body)
    {
        using var reader = new StreamReader(new MemoryStream(body.ToArray()), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public static Dictionary<string, StringValues> Query(ReadOnlySpan<byte> text) =>
        QueryHelpers.ParseQuery("?" + Encoding.UTF8.GetString(text));
}
