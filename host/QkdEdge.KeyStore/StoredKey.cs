namespace QkdEdge.KeyStore;

/// <summary>A committed key as read back from the store.</summary>
public sealed record StoredKey(string BlockId, byte[] Key, int Bits, string Sha256, KeyProvenance Provenance, DateTimeOffset CommittedAt)
{
    /// <summary>Leading bytes set aside for the peer authentication key pool: never delivered to applications.</summary>
    public int AuthenticationBytes { get; init; }
}
