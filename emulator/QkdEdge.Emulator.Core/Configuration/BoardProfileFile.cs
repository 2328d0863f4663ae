using System.Reflection;
using System.Text.Json;
using QkdEdge.Firmware.Board;

namespace QkdEdge.Emulator.Configuration;

/// <summary>
/// Reads the machine-readable board profiles of hardware/boards. The files themselves are embedded in
/// this assembly at build time, so the emulator runs the profile the firmware was written against
/// without a copy that could drift; <see cref="Load(string)"/> also takes a path to any other profile file.
/// </summary>
public static class BoardProfileFile
{
    /// <summary>The profile the emulator runs unless told otherwise.</summary>
    public const string DefaultId = "esp32-devkitc-v4";

    private const string ResourcePrefix = "QkdEdge.Emulator.Boards.";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        // A section written as null ("pins": null) is refused by the reader with its JSON path, like a missing one.
        RespectNullableAnnotations = true,
    };

    /// <summary>Ids of the embedded profiles (the file names in hardware/boards without extension).</summary>
    public static IReadOnlyList<string> EmbeddedIds { get; } = FindEmbeddedIds();

    /// <summary>
    /// The profile named <paramref name="idOrPath"/>: an embedded profile id, or the path of a JSON
    /// file in the hardware/boards format.
    /// </summary>
    public static BoardDescription Load(string idOrPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrPath);
        if (EmbeddedIds.Contains(idOrPath))
        {
            using var stream = typeof(BoardProfileFile).Assembly.GetManifestResourceStream(ResourcePrefix + idOrPath + ".json")
                ?? throw new InvalidOperationException($"Embedded board profile '{idOrPath}' is missing (build bug).");
            return Parse(stream, idOrPath);
        }

        if (!File.Exists(idOrPath))
            throw new ConfigurationException(
                $"Board profile '{idOrPath}' is neither a file nor a known profile id (known: {string.Join(", ", EmbeddedIds)}).");
        FileStream file;
        try
        {
            file = File.OpenRead(idOrPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"Board profile '{idOrPath}' cannot be read: {ex.Message}", ex);
        }

        using (file)
            return Parse(file, idOrPath);
    }

    /// <summary>Parses one profile; <paramref name="source"/> names it in error messages.</summary>
    public static BoardDescription Parse(Stream json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ProfileJson file;
        try
        {
            file = JsonSerializer.Deserialize<ProfileJson>(json, Options)
                ?? throw new ConfigurationException($"Board profile '{source}' is empty.");
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException($"Board profile '{source}' is not valid: {ex.Message}", ex);
        }

        try
        {
            var limits = file.Limits;
            var profile = new BoardProfile(file.Id, checked((uint)file.Clocks.TickFrequencyHz), limits.MaxBatchSize, limits.MaxAlphabetSize,
                limits.MinRoundPeriodTicks, limits.MaxRoundPeriodTicks, limits.MinGateWidthTicks, limits.MaxGateWidthTicks);
            var pins = new BoardPins(file.Pins.GateOut, file.Pins.SettingOut, file.Pins.ClickIn, file.Pins.TriggerIn,
                file.Pins.DetectorEnableOut, file.Pins.RunningLed, file.Pins.AlarmLed);
            if (file.Serial.Baud <= 0 || file.Serial.WireBitsPerByte <= 0)
                throw new ArgumentOutOfRangeException(nameof(file.Serial), "baud and wireBitsPerByte must be positive");
            double entropy = file.Entropy.ClaimedMinEntropyPerSample;
            if (!(entropy > 0 && entropy <= 8))
                throw new ArgumentOutOfRangeException(nameof(file.Entropy), "claimedMinEntropyPerSample must lie in (0, 8]");
            return new BoardDescription(profile, file.Name ?? file.Id, pins, file.Serial.Baud, file.Serial.WireBitsPerByte, entropy);
        }
        catch (Exception ex) when (ex is ArgumentException or OverflowException)
        {
            throw new ConfigurationException($"Board profile '{source}' holds a value the firmware cannot use: {ex.Message}", ex);
        }
    }

    private static string[] FindEmbeddedIds()
    {
        var ids = new List<string>();
        foreach (string name in typeof(BoardProfileFile).Assembly.GetManifestResourceNames())
        {
            if (name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal))
                ids.Add(name[ResourcePrefix.Length..^".json".Length]);
        }
        ids.Sort(StringComparer.Ordinal);
        return [.. ids];
    }

    // The file's shape (hardware/boards/*.json); sections the emulator does not use are not listed.
    private sealed class ProfileJson
    {
        public required string Id { get; init; }
        public string? Name { get; init; }
        public required PinsJson Pins { get; init; }
        public required SerialJson Serial { get; init; }
        public required ClocksJson Clocks { get; init; }
        public required LimitsJson Limits { get; init; }
        public required EntropyJson Entropy { get; init; }
    }

    private sealed class PinsJson
    {
        public required int GateOut { get; init; }
        public required int[] SettingOut { get; init; }
        public required int[] ClickIn { get; init; }
        public required int TriggerIn { get; init; }
        public required int DetectorEnableOut { get; init; }
        public required int RunningLed { get; init; }
        public required int AlarmLed { get; init; }
    }

    private sealed class SerialJson
    {
        public required int Baud { get; init; }
        public required int WireBitsPerByte { get; init; }
    }

    private sealed class ClocksJson
    {
        public required long TickFrequencyHz { get; init; }
    }

    private sealed class LimitsJson
    {
        public required int MaxBatchSize { get; init; }
        public required int MaxAlphabetSize { get; init; }
        public required uint MinRoundPeriodTicks { get; init; }
        public required uint MaxRoundPeriodTicks { get; init; }
        public required uint MinGateWidthTicks { get; init; }
        public required uint MaxGateWidthTicks { get; init; }
    }

    private sealed class EntropyJson
    {
        public required double ClaimedMinEntropyPerSample { get; init; }
    }
}
