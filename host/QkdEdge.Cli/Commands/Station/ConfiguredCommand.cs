using System.CommandLine;
using QkdEdge.Cli.Status;

namespace QkdEdge.Cli.Commands.Station;

/// <summary>
/// A command whose settings come in layers (<see cref="ConfigurationLayers"/>): --config, one flag per
/// configuration key, then --json and --plain. The command's own work starts from the built
/// configuration; a file that cannot be read is reported before it.
/// </summary>
internal abstract class ConfiguredCommand : Command
{
    private static readonly Dictionary<string, string?> NoDefaults = [];

    protected ConfiguredCommand(string name, string description, string configDescription, string jsonDescription)
        : base(name, description)
    {
        Config = new Option<FileInfo?>("--config") { Description = configDescription };
        Json = new Option<bool>("--json") { Description = jsonDescription };
    }

    internal Option<FileInfo?> Config { get; }

    internal Option<bool> Json { get; }

    internal Option<bool> Plain { get; } = new("--plain")
    {
        Description = "Plain log lines instead of the live view (the default when the output is not a terminal).",
    };

    /// <summary>The flags that set configuration keys, in the order help lists them.</summary>
    internal abstract IReadOnlyList<ConfiguredOption> Settings { get; }

    /// <summary>Built-in values: the lowest configuration layer.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Defaults => NoDefaults;

    /// <summary>
    /// Adds --config, the settings' flags, <paramref name="switches"/>, --json and --plain, and the action.
    /// Called at the end of the derived constructor, once every option exists.
    /// </summary>
    protected void AddOptions(params Option[] switches)
    {
        Options.Add(Config);
        foreach (var option in Settings)
            Options.Add(option.Option);
        foreach (var option in switches)
            Options.Add(option);
        Options.Add(Json);
        Options.Add(Plain);
        SetAction(InvokeAsync);
    }

    /// <summary>The command's work on the layered configuration.</summary>
    protected abstract Task<int> RunAsync(CommandContext context, CancellationToken cancellation);

    private Task<int> InvokeAsync(ParseResult parse, CancellationToken cancellation)
    {
        var error = parse.InvocationConfiguration.Error;
        if (!ConfigurationLayers.TryBuild(parse, parse.GetValue(Config), Defaults, Settings, out var configuration, out string? problem))
            return Task.FromResult(CommandErrors.BadInput(error, [problem!]));
        bool json = parse.GetValue(Json);
        var output = parse.InvocationConfiguration.Output;
        return RunAsync(new CommandContext(parse, configuration!, output, error, json, StatusDisplay.Choose(output, parse.GetValue(Plain) || json)), cancellation);
    }
}
