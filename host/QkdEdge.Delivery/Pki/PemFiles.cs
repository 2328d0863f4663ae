using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace QkdEdge.Delivery.Pki;

/// <summary>
/// Writes certificates and their private keys as PEM files, the form curl, OpenSSL and the station's
/// configuration read. Private key files are made readable by their owner only.
/// </summary>
public static class PemFiles
{
    public static void WriteCertificate(X509Certificate2 certificate, string path)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n");
    }

    /// <summary>The certificate's private key as unencrypted PKCS#8 PEM.</summary>
    public static void WritePrivateKey(X509Certificate2 certificate, string path)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
            ?? throw new ArgumentException($"The certificate {certificate.Subject} has no ECDSA or RSA private key.", nameof(certificate));
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var writer = new StreamWriter(path, options);
        writer.Write(key.ExportPkcs8PrivateKeyPem());
        writer.Write('\n');
    }
}
