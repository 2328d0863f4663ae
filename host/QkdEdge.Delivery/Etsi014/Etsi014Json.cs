using System.Text.Json;
using System.Text.Json.Serialization;

namespace QkdEdge.Delivery.Etsi014;

/// <summary>JSON settings of the interface: the standard's field names as declared, absent optional fields left out.</summary>
public static class Etsi014Json
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Duplicate fields make a request ambiguous; refuse them instead of letting the last one win.
        AllowDuplicateProperties = false,
    };
}
