using System.Net;
using System.Security.Cryptography.X509Certificates;
using QkdEdge.Delivery.Pki;

namespace QkdEdge.Delivery.Tests.Support;

/// <summary>
/// A development PKI written to a temporary folder as an operator would receive it: ca.pem (the SAE
/// authority), kme.pem with kme.key (server certificate and key), kme.p12 (the same as PKCS#12, password
/// "secret"), and sae-*.pem with sae-*.key per SAE.
/// </summary>
public sealed class PkiFolder : IDisposable
{
    public const string Pkcs12Password = "secret";

    public PkiFolder(params string[] saes)
    {
        Path = Directory.CreateTempSubdirectory("kme-pki-").FullName;
        Pki = DevelopmentPki.ForLoopback(saes);
        PemFiles.WriteCertificate(Pki.Authority, File("ca.pem"));
        PemFiles.WriteCertificate(Pki.Server, File("kme.pem"));
        PemFiles.WritePrivateKey(Pki.Server, File("kme.key"));
        System.IO.File.WriteAllBytes(File("kme.p12"), Pki.Server.Export(X509ContentType.Pkcs12, Pkcs12Password));
        foreach (var (sae, certificate) in Pki.Clients)
        {
            PemFiles.WriteCertificate(certificate, File(sae + ".pem"));
            PemFiles.WritePrivateKey(certificate, File(sae + ".key"));
        }
    }

    public string Path { get; }

    public LoopbackPki Pki { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A server certificate valid for 30 days from <paramref name="issuedAt"/> (from an authority of that day), as kme-at.pem/.key.</summary>
    public string ServerCertificateIssuedAt(DateTimeOffset issuedAt)
    {
        var then = new FixedTime(issuedAt);
        using var authority = DevelopmentPki.CreateAuthority("QkdEdge development CA", then);
        using var certificate = DevelopmentPki.IssueServerCertificate(authority, "QkdEdge KME", ["localhost"], [IPAddress.Loopback], then);
        PemFiles.WriteCertificate(certificate, File("kme-at.pem"));
        PemFiles.WritePrivateKey(certificate, File("kme-at.key"));
        return File("kme-at.pem");
    }

    public void Dispose()
    {
        Pki.Dispose();
        Directory.Delete(Path, recursive: true);
    }
}

/// <summary>A clock stopped at one instant.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
