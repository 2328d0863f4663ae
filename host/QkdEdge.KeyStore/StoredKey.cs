namespace QkdEdge.KeyStore;

/// <summary>A committed key as read back from the store.</summary>
public sealed record StoredKey(string BlockId, byte[] Key, int Bits, string Sha256, KeyProvenance Provenance, DateTimeOffset CommittedAt);
