using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace QkdEdge.Delivery.Configuration;

/// <summary>
/// Loads the KME's certificates from files: the server certificate with its private key (PKCS#12, or
/// PEM with the key in the same file or beside it) and the SAE authorities (a PEM bundle). Each problem
/// is a sentence that completes "KEY = 'PATH' ...".
/// </summary>
public static class CertificateFiles
{
    private static readonly string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>The server certificate; <paramref name="keyPath"/> and <paramref name="password"/> are optional.</summary>
    public static X509Certificate2? LoadServer(string path, string? keyPath, string? password, TimeProvider time, out string? problem)
    {
        if (!File.Exists(path))
        {
            problem = "no such file";
            return null;
        }
        if (keyPath is not null && !File.Exists(keyPath))
        {
            problem = $"has its key in '{keyPath}', which does not exist";
            return null;
        }

        X509Certificate2 loaded;
        try
        {
            loaded = IsPkcs12(path)
                ? X509CertificateLoader.LoadPkcs12FromFile(path, password)
                : password is null ? X509Certificate2.CreateFromPemFile(path, keyPath) : X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            problem = $"cannot be read as a certificate with its private key (PKCS#12 .pfx/.p12, or PEM; a PEM key elsewhere goes in delivery:serverKey): {ex.Message.TrimEnd('.')}";
            return null;
        }

        using (loaded)
        {
            if (!loaded.HasPrivateKey)
            {
                problem = "holds no private key: add it to the file, name its PEM file in delivery:serverKey, or use a PKCS#12 file";
                return null;
            }
            problem = Validity(loaded, time.GetUtcNow().UtcDateTime);
            if (problem is null && loaded.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is { } usage
                && !usage.EnhancedKeyUsages.Cast<Oid>().Any(u => u.Value == ServerAuthentication))
                problem = $"({loaded.Subject}) does not allow TLS server authentication (extended key usage)";
            if (problem is not null)
                return null;
            // Through PKCS#12 again, so the key is a persisted key object: TLS on some platforms refuses
            // a certificate whose key exists only as an ephemeral handle, as a PEM-loaded one does.
            return X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), password: null);
        }
    }

    /// <summary>The authorities that issue SAE certificates: one or more CA certificates in a PEM file.</summary>
    public static IReadOnlyList<X509Certificate2>? LoadAuthorities(string path, TimeProvider time, out string? problem)
    {
        if (!File.Exists(path))
        {
            problem = "no such file";
            return null;
        }

        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPemFile(path);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            problem = $"is not a PEM file of CA certificates: {ex.Message.TrimEnd('.')}";
            return null;
        }

        var authorities = collection.Cast<X509Certificate2>().ToList();
        problem = authorities.Count == 0 ? "holds no certificate (PEM, -----BEGIN CERTIFICATE-----)"
            : authorities.FirstOrDefault(a => a.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true }) is { } leaf
                ? $"holds {leaf.Subject}, which is not a certificate authority (basic constraints)"
            : authorities.Select(a => Validity(a, time.GetUtcNow().UtcDateTime)).FirstOrDefault(p => p is not null);
        if (problem is null)
            return authorities;
        foreach (var authority in authorities)
            authority.Dispose();
        return null;
    }

    private static bool IsPkcs12(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".pfx" or ".p12";

    private static string? Validity(X509Certificate2 certificate, DateTime now) =>
        now > certificate.NotAfter.ToUniversalTime() ? $"({certificate.Subject}) expired on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC"
        : now < certificate.NotBefore.ToUniversalTime() ? $"({certificate.Subject}) is not valid before {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} UTC"
        : null;
}
