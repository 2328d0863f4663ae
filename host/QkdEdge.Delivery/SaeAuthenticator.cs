using System.Security.Cryptography.X509Certificates;

namespace QkdEdge.Delivery;

/// <summary>
/// Names the SAE behind a client certificate. The TLS handshake has already checked that the
/// certificate chains to a trusted SAE authority (<see cref="ClientCertificateTrust"/>); this only
/// binds it to a configured SAE. No certificate, or one bound to no SAE, names nobody.
/// </summary>
public sealed class SaeAuthenticator(IReadOnlyList<SaeCredential> credentials)
{
    public string? Identify(X509Certificate2? certificate) =>
        certificate is null ? null : credentials.FirstOrDefault(c => c.Matches(certificate))?.SaeId;
}
