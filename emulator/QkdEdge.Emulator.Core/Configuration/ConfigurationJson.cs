using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using QkdEdge.Emulator.Timing;

namespace QkdEdge.Emulator.Configuration;

/// <summary>
/// Run configurations as JSON: camelCase names, enums as kebab-case strings ("all-boards-running",
/// "alice"), comments and trailing commas allowed, unknown fields rejected so that a misspelt option
/// fails loudly instead of silently keeping its default.
/// </summary>
public static class ConfigurationJson
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>Reads the configuration file at <paramref name="path"/>.</summary>
    public static EmulatorConfiguration Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new ConfigurationException($"Run configuration file '{path}' does not exist.");
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"Run configuration file '{path}' cannot be read: {ex.Message}", ex);
        }

        return Parse(json, path);
    }

    /// <summary>Parses a configuration; <paramref name="source"/> names it in error messages.</summary>
    public static EmulatorConfiguration Parse(string json, string source = "configuration")
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<EmulatorConfiguration>(json, Options)
                ?? throw new ConfigurationException($"Run configuration '{source}' is empty.");
        }
        catch (JsonException ex)
        {
            string where = ex.Path is null ? "" : $" at {ex.Path}";
            throw new ConfigurationException($"Run configuration '{source}' is not valid{where}: {ex.Message}", ex);
        }
    }

    /// <summary>The configuration as indented JSON that <see cref="Parse"/> reads back to an equal configuration.</summary>
    public static string Write(EmulatorConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return JsonSerializer.Serialize(configuration, Options);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            WriteIndented = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            // NaN and infinities are read so that the validator can name the field that holds one.
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { SkipComputedProperties, SkipBoardSetTiming } },
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        return options;
    }

    /// <summary>
    /// A station's tick rate and gate width come from the board profile and the Configure command, so a
    /// configuration file has no such fields: a file that sets them fails as having unknown fields.
    /// </summary>
    private static void SkipBoardSetTiming(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Type != typeof(StationTimingOptions))
            return;
        for (int i = typeInfo.Properties.Count - 1; i >= 0; i--)
        {
            string name = typeInfo.Properties[i].Name;
            if (name is "tickFrequencyHz" or "gateWidthSeconds")
                typeInfo.Properties.RemoveAt(i);
        }
    }

    /// <summary>Get-only properties (derived values such as a station's binning) are not configuration: never written.</summary>
    private static void SkipComputedProperties(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
            return;
        foreach (var property in typeInfo.Properties)
        {
            if (property.Set is null)
                property.ShouldSerialize = static (_, _) => false;
        }
    }
}
