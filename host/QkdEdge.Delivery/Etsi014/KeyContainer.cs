using System.Text.Json.Serialization;

namespace QkdEdge.Delivery.Etsi014;

/// <summary>ETSI GS QKD 014 V1.1.1 clause 6.3, "Key container": the keys a KME returns.</summary>
public sealed record KeyContainer
{
    [JsonPropertyName("keys")] public required IReadOnlyList<KeyEntry> Keys { get; init; }
}

/// <summary>One key: its ID (a UUID) and its bytes in Base64 (RFC 4648).</summary>
public sealed record KeyEntry
{
    [JsonPropertyName("key_ID")] public required string KeyId { get; init; }
    [JsonPropertyName("key")] public required string Key { get; init; }
}
