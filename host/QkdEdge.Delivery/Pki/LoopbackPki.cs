using System.Security.Cryptography.X509Certificates;

namespace QkdEdge.Delivery.Pki;

/// <summary>The certificates of a development setup on one machine (see <see cref="DevelopmentPki.ForLoopback"/>).</summary>
public sealed record LoopbackPki(
    X509Certificate2 Authority,
    X509Certificate2 Server,
    IReadOnlyDictionary<string, X509Certificate2> Clients) : IDisposable
{
    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
        foreach (var client in Clients.Values)
            client.Dispose();
    }
}
