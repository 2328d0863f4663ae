using System.Security.Cryptography;

namespace QkdEdge.KeyStore;

/// <summary>The key fingerprint stations compare and logs may show: SHA-256 of the packed key, lower-case hex.</summary>
public static class KeyDigest
{
    public static string Sha256Hex(ReadOnlySpan<byte> key) => Convert.ToHexStringLower(SHA256.HashData(key));
}
