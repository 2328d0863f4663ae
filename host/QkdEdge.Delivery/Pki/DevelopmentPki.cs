using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace QkdEdge.Delivery.Pki;

/// <summary>
/// A throw-away certificate authority for tests and the demo: a CA, a KME server certificate, and
/// one client certificate per SAE, made in memory with <see cref="CertificateRequest"/>. ECDSA
/// P-256 keys keep generation fast. Not for a lab deployment: there, the site's PKI issues the
/// certificates and the KME only trusts it.
/// </summary>
public static class DevelopmentPki
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    public static X509Certificate2 CreateAuthority(string name, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var now = (time ?? TimeProvider.System).GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        return Reload(certificate);
    }

    /// <summary>A KME server certificate for the given host names and addresses.</summary>
    public static X509Certificate2 IssueServerCertificate(X509Certificate2 authority, string name, IEnumerable<string> dnsNames,
        IEnumerable<IPAddress> addresses, TimeProvider? time = null)
    {
        var names = new SubjectAlternativeNameBuilder();
        foreach (var dns in dnsNames)
            names.AddDnsName(dns);
        foreach (var address in addresses)
            names.AddIpAddress(address);
        return Issue(authority, name, ServerAuthentication, names.Build(), time);
    }

    /// <summary>An SAE client certificate whose subject CN is the SAE ID.</summary>
    public static X509Certificate2 IssueClientCertificate(X509Certificate2 authority, string saeId, TimeProvider? time = null) =>
        Issue(authority, saeId, ClientAuthentication, null, time);

    /// <summary>A CA, one server certificate for 127.0.0.1, ::1 and localhost, and a client certificate per SAE.</summary>
    public static LoopbackPki ForLoopback(IEnumerable<string> saeIds, TimeProvider? time = null)
    {
        var authority = CreateAuthority("QkdEdge development CA", time);
        var server = IssueServerCertificate(authority, "QkdEdge KME", ["localhost"], [IPAddress.Loopback, IPAddress.IPv6Loopback], time);
        var clients = saeIds.ToDictionary(id => id, id => IssueClientCertificate(authority, id, time));
        return new LoopbackPki(authority, server, clients);
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, string subject, Oid usage, X509Extension? alternativeNames, TimeProvider? time)
    {
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        var now = (time ?? TimeProvider.System).GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={subject}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (alternativeNames is not null)
            request.CertificateExtensions.Add(alternativeNames);

        var notAfter = now.AddDays(30) < authority.NotAfter ? now.AddDays(30) : new DateTimeOffset(authority.NotAfter.ToUniversalTime());
        using var issued = request.Create(authority, now.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        return Reload(withKey);
    }

    /// <summary>
    /// Round-trips through PKCS#12 so the private key is a persisted key object: TLS on some
    /// platforms refuses certificates whose key exists only as an ephemeral handle.
    /// </summary>
    private static X509Certificate2 Reload(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
}
