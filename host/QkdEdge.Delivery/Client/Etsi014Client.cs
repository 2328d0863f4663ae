using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using QkdEdge.Delivery.Etsi014;

namespace QkdEdge.Delivery.Client;

/// <summary>
/// An SAE's side of ETSI GS QKD 014: HTTPS with the SAE's client certificate, trusting only the
/// given authority for the KME's server certificate. For the demo and the tests; applications
/// may use any standard client.
/// </summary>
public sealed class Etsi014Client : IDisposable
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <param name="kmeAddress">The KME's base address, e.g. https://127.0.0.1:8443/.</param>
    /// <param name="clientCertificate">The SAE's certificate with its private key; null to call without one.</param>
    /// <param name="kmeAuthority">The authority that issued the KME's server certificate.</param>
    public Etsi014Client(Uri kmeAddress, X509Certificate2? clientCertificate, X509Certificate2 kmeAuthority)
    {
        ArgumentNullException.ThrowIfNull(kmeAddress);
        ArgumentNullException.ThrowIfNull(kmeAuthority);
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate },
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsTrustedServer(certificate, errors, kmeAuthority),
            },
        };
        Http = new HttpClient(handler) { BaseAddress = kmeAddress };
    }

    /// <summary>The underlying client, for requests this class does not model.</summary>
    public HttpClient Http { get; }

    public Task<Etsi014Response<StatusResponse>> GetStatusAsync(string slaveSaeId, CancellationToken cancellationToken = default) =>
        SendAsync<StatusResponse>(new HttpRequestMessage(HttpMethod.Get, Path(slaveSaeId, "status")), cancellationToken);

    /// <summary>Get key: new keys for the link to <paramref name="slaveSaeId"/> (POST enc_keys).</summary>
    public Task<Etsi014Response<KeyContainer>> GetKeysAsync(string slaveSaeId, KeyRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<KeyContainer>(new HttpRequestMessage(HttpMethod.Post, Path(slaveSaeId, "enc_keys"))
        {
            Content = JsonContent.Create(request, options: Etsi014Json.Options),
        }, cancellationToken);

    /// <summary>Get key with key IDs: the keys <paramref name="masterSaeId"/> received (POST dec_keys).</summary>
    public Task<Etsi014Response<KeyContainer>> GetKeysWithIdsAsync(string masterSaeId, IEnumerable<string> keyIds, CancellationToken cancellationToken = default) =>
        SendAsync<KeyContainer>(new HttpRequestMessage(HttpMethod.Post, Path(masterSaeId, "dec_keys"))
        {
            Content = JsonContent.Create(new KeyIdsRequest { KeyIds = [.. keyIds.Select(id => new KeyIdEntry { KeyId = id })] }, options: Etsi014Json.Options),
        }, cancellationToken);

    public void Dispose() => Http.Dispose();

    public static string Path(string saeId, string call) => $"api/v1/keys/{Uri.EscapeDataString(saeId)}/{call}";

    private async Task<Etsi014Response<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
        where T : class
    {
        using (request)
        using (var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false))
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
                return new Etsi014Response<T>(response.StatusCode, JsonSerializer.Deserialize<T>(body, Etsi014Json.Options), null);
            ErrorResponse? error = null;
            try
            {
                error = body.Length == 0 ? null : JsonSerializer.Deserialize<ErrorResponse>(body, Etsi014Json.Options);
            }
            catch (JsonException)
            {
                // A proxy's or server's non-standard error page: the status alone must do.
            }
            return new Etsi014Response<T>(response.StatusCode, null, error);
        }
    }

    private static bool IsTrustedServer(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2 authority)
    {
        if (certificate is not X509Certificate2 server
            || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable)
            || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        return chain.Build(server);
    }
}
