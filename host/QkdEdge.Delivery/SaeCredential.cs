using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace QkdEdge.Delivery;

/// <summary>
/// How an SAE proves who it is: its client certificate, named either by its SHA-256 fingerprint
/// (one certificate exactly; renewing it means changing the configuration) or by its subject's
/// common name (any certificate the trusted SAE authority issues with that name).
/// </summary>
public sealed record SaeCredential
{
    private SaeCredential(string saeId, string? sha256, string? commonName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(saeId);
        SaeId = saeId;
        CertificateSha256 = sha256;
        SubjectCommonName = commonName;
    }

    public string SaeId { get; }
    /// <summary>Lower-case hex SHA-256 of the certificate's DER bytes, or null when bound by name.</summary>
    public string? CertificateSha256 { get; }
    /// <summary>The certificate subject's CN, or null when bound by fingerprint.</summary>
    public string? SubjectCommonName { get; }

    public static SaeCredential ByFingerprint(string saeId, string certificateSha256Hex)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(certificateSha256Hex);
        var hex = certificateSha256Hex.Replace(":", "", StringComparison.Ordinal).ToLowerInvariant();
        if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
            throw new ArgumentException("A SHA-256 fingerprint is 64 hex digits.", nameof(certificateSha256Hex));
        return new SaeCredential(saeId, hex, null);
    }

    public static SaeCredential ByFingerprint(string saeId, X509Certificate2 certificate) =>
        ByFingerprint(saeId, Fingerprint(certificate));

    public static SaeCredential BySubjectName(string saeId, string commonName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        return new SaeCredential(saeId, null, commonName);
    }

    public bool Matches(X509Certificate2 certificate) =>
        CertificateSha256 is not null
            ? CryptographicOperations.FixedTimeEquals(Convert.FromHexString(CertificateSha256), SHA256.HashData(certificate.RawData))
            : string.Equals(certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false), SubjectCommonName, StringComparison.Ordinal);

    public static string Fingerprint(X509Certificate2 certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
}
