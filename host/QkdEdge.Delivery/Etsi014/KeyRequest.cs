using System.Text.Json;
using System.Text.Json.Serialization;

namespace QkdEdge.Delivery.Etsi014;

/// <summary>ETSI GS QKD 014 V1.1.1 clause 6.2, "Key request" (the body of a POST to enc_keys).</summary>
public sealed record KeyRequest
{
    /// <summary>Number of keys; 1 when absent.</summary>
    [JsonPropertyName("number")] public int? Number { get; init; }
    /// <summary>Key size in bits; the status's key_size when absent.</summary>
    [JsonPropertyName("size")] public int? Size { get; init; }
    [JsonPropertyName("additional_slave_SAE_IDs")] public IReadOnlyList<string>? AdditionalSlaveSaeIds { get; init; }
    [JsonPropertyName("extension_mandatory")] public IReadOnlyList<JsonElement>? ExtensionMandatory { get; init; }
    [JsonPropertyName("extension_optional")] public IReadOnlyList<JsonElement>? ExtensionOptional { get; init; }
}
