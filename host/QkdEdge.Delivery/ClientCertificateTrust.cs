using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace QkdEdge.Delivery;

/// <summary>
/// Decides during the TLS handshake whether a client certificate comes from an authority that
/// issues SAE certificates: it must chain to one of them alone (not to the machine's trust store),
/// be valid now, and allow client authentication. Revocation is not checked: the lab authorities
/// publish no revocation lists, so a compromised SAE is shut out by removing its credential from
/// the configuration (fingerprint binding) or its authority from the trusted list.
/// </summary>
public sealed class ClientCertificateTrust(IReadOnlyList<X509Certificate2> authorities, TimeProvider time)
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    public bool IsTrusted(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        return chain.Build(certificate);
    }
}
