using System.Text.Json.Serialization;

namespace QkdEdge.Delivery.Etsi014;

/// <summary>ETSI GS QKD 014 V1.1.1 clause 6.4, "Key IDs" (the body of a POST to dec_keys).</summary>
public sealed record KeyIdsRequest
{
    [JsonPropertyName("key_IDs")] public IReadOnlyList<KeyIdEntry>? KeyIds { get; init; }
}

public sealed record KeyIdEntry
{
    [JsonPropertyName("key_ID")] public string? KeyId { get; init; }
}
