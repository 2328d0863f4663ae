using System.Net;
using System.Security.Cryptography.X509Certificates;
using QkdEdge.KeyStore.Delivery;

namespace QkdEdge.Delivery;

/// <summary>
/// One station's KME configuration. The links list must be the same at both stations; the SAE
/// credentials list only this station's own SAEs.
/// </summary>
public sealed record KeyDeliveryOptions
{
    /// <summary>This station's KME ID (the status's source_KME_ID for its master SAEs).</summary>
    public required string KmeId { get; init; }
    /// <summary>The other station's KME ID.</summary>
    public required string PeerKmeId { get; init; }
    /// <summary>Where to listen; port 0 picks a free port.</summary>
    public required IPEndPoint Endpoint { get; init; }
    /// <summary>The KME's TLS certificate, with its private key.</summary>
    public required X509Certificate2 ServerCertificate { get; init; }
    /// <summary>Authorities that issue SAE client certificates; a client certificate must chain to one of them.</summary>
    public required IReadOnlyList<X509Certificate2> ClientCertificateAuthorities { get; init; }
    /// <summary>This station's SAEs and the certificates that identify them.</summary>
    public required IReadOnlyList<SaeCredential> Saes { get; init; }
    /// <summary>All SAE links between the two stations, identical at both.</summary>
    public required IReadOnlyList<SaeLink> Links { get; init; }

    // Operating limits advertised in the status. None of them is a security parameter: each
    // delivered key is a slice of final key whose secrecy the block's security analysis gives.

    /// <summary>Default key size in bits, used when a request names none (AES-256 sized).</summary>
    public int KeySize { get; init; } = DefaultKeySize;
    /// <summary>Smallest key in bits: the key format's granularity (whole bytes).</summary>
    public int MinKeySize { get; init; } = DefaultMinKeySize;
    /// <summary>Largest key in bits; at most the key ID's length field allows.</summary>
    public int MaxKeySize { get; init; } = DefaultMaxKeySize;
    public int MaxKeysPerRequest { get; init; } = DefaultMaxKeysPerRequest;
    /// <summary>Advertised as max_key_count. The store never refuses committed keys; SAEs read it as a buffering hint.</summary>
    public long MaxKeyCount { get; init; } = DefaultMaxKeyCount;

    public const int DefaultKeySize = 256;
    public const int DefaultMinKeySize = 8;
    public const int DefaultMaxKeySize = 8192;
    public const int DefaultMaxKeysPerRequest = 128;
    public const long DefaultMaxKeyCount = 1_000_000;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(KmeId);
        ArgumentException.ThrowIfNullOrWhiteSpace(PeerKmeId);
        ArgumentNullException.ThrowIfNull(Endpoint);
        if (!ServerCertificate.HasPrivateKey)
            throw new ArgumentException("The server certificate needs its private key.", nameof(ServerCertificate));
        if (ClientCertificateAuthorities.Count == 0)
            throw new ArgumentException("At least one client certificate authority is needed.", nameof(ClientCertificateAuthorities));
        if (Saes.Select(s => s.SaeId).Distinct().Count() != Saes.Count)
            throw new ArgumentException("Each SAE may be configured once.", nameof(Saes));
        _ = new LinkAssignment(Links);
        foreach (var (name, bits) in new[] { ("KeySize", KeySize), ("MinKeySize", MinKeySize), ("MaxKeySize", MaxKeySize) })
            if (bits <= 0 || bits % 8 != 0)
                throw new ArgumentException($"{name} must be a positive multiple of 8 bits, not {bits}.");
        if (MinKeySize > KeySize || KeySize > MaxKeySize || MaxKeySize > 8 * KeyIdCodec.MaxByteLength)
            throw new ArgumentException($"Key sizes must satisfy min <= default <= max <= {8 * KeyIdCodec.MaxByteLength} bits.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxKeysPerRequest);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxKeyCount);
    }
}
