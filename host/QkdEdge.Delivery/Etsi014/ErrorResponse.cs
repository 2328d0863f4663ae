using System.Text.Json.Serialization;

namespace QkdEdge.Delivery.Etsi014;

/// <summary>ETSI GS QKD 014 V1.1.1 clause 6.5, "Error": a message and optional name/value details.</summary>
public sealed record ErrorResponse
{
    [JsonPropertyName("message")] public required string Message { get; init; }
    [JsonPropertyName("details")] public IReadOnlyList<IReadOnlyDictionary<string, object>>? Details { get; init; }
}
