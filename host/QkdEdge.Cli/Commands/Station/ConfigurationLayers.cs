using System.CommandLine;
using Microsoft.Extensions.Configuration;

namespace QkdEdge.Cli.Commands.Station;

/// <summary>
/// The layered configuration of the station commands, lowest first: built-in defaults, the JSON file given
/// with --config, QKDEDGE_ environment variables (QKDEDGE_PEER__PORT=7420 sets peer:port), then the flags on
/// the command line, which win.
/// </summary>
internal static class ConfigurationLayers
{
    public const string EnvironmentPrefix = "QKDEDGE_";

    /// <summary>
    /// Builds the configuration; false with a message naming the file when it cannot be read. Only flags the
    /// user actually gave override (an option's default would otherwise hide the file and the environment).
    /// </summary>
    public static bool TryBuild(ParseResult parse, FileInfo? file, IReadOnlyDictionary<string, string?> defaults,
        IEnumerable<ConfiguredOption> options, out IConfiguration? configuration, out string? error)
    {
        var builder = new ConfigurationBuilder().AddInMemoryCollection(defaults);
        if (file is not null)
        {
            if (!file.Exists)
            {
                configuration = null;
                error = $"--config '{file.FullName}': no such file.";
                return false;
            }

            builder.AddJsonFile(file.FullName, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        var flags = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var option in options)
        {
            if (parse.GetResult(option.Option) is { Implicit: false } && parse.GetValue(option.Option) is string value)
                flags[option.Key] = value;
        }

        builder.AddInMemoryCollection(flags);
        try
        {
            configuration = builder.Build();
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or IOException)
        {
            configuration = null;
            error = $"--config '{file?.FullName}' is not valid JSON: {ex.InnerException?.Message ?? ex.Message}";
            return false;
        }
    }
}

/// <summary>A command-line flag that sets one configuration key.</summary>
internal sealed record ConfiguredOption(Option<string> Option, string Key)
{
    public static ConfiguredOption Create(string name, string key, string description) =>
        new(new Option<string>(name) { Description = $"{description} (configuration key {key})." }, key);
}
