using System.Net;

namespace QkdEdge.Delivery.Configuration;

/// <summary>
/// The KME's listen URL, <c>https://ADDRESS:PORT</c>: an IP address (IPv6 in brackets; 0.0.0.0 or [::]
/// for every interface) or <c>localhost</c> for loopback, and a port (0 picks a free one).
/// </summary>
public static class ListenAddress
{
    public static bool TryParse(string text, out IPEndPoint? endpoint, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        endpoint = null;
        if (!text.Contains("://", StringComparison.Ordinal) || !Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            problem = "is not a URL; write https://ADDRESS:PORT";
            return false;
        }
        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            problem = $"uses {uri.Scheme}, but keys are delivered over https only";
            return false;
        }
        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            problem = "may give only the scheme, the address and the port (the API lives under /api/v1/keys)";
            return false;
        }

        IPAddress? address = string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            ? IPAddress.Loopback
            : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed) ? parsed : null;
        if (address is null)
        {
            problem = $"names the host '{uri.Host}'; give an IP address of this machine (0.0.0.0 for all) or localhost";
            return false;
        }

        endpoint = new IPEndPoint(address, uri.Port);
        problem = null;
        return true;
    }
}
