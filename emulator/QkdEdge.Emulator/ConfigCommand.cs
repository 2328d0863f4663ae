using System.CommandLine;
using QkdEdge.Emulator.Configuration;

namespace QkdEdge.Emulator;

/// <summary><c>qkdedge-emulator config</c>: prints the run configuration the options produce, checked, as JSON.</summary>
internal sealed class ConfigCommand : Command
{
    public ConfigCommand()
        : base("config", """
            Print the run configuration that the given options (and --config file) produce, as JSON,
            after checking it against the board profile. Save it, edit it, pass it back with --config.

            Examples:
              qkdedge-emulator config > link.json
              qkdedge-emulator config --boards 3 --visibility 0.9
              qkdedge-emulator config --config link.json --missed-trigger 0.001
            """)
    {
        Configuration.AddTo(this);
        SetAction(Run);
    }

    internal ConfigurationOptions Configuration { get; } = new();

    private int Run(ParseResult parse)
    {
        try
        {
            var configuration = Configuration.Build(parse);
            RunPlan.Create(configuration);
            parse.InvocationConfiguration.Output.WriteLine(ConfigurationJson.Write(configuration));
            return ExitCodes.Success;
        }
        catch (ConfigurationException ex)
        {
            parse.InvocationConfiguration.Error.WriteLine(ex.Message);
            return ExitCodes.InvalidConfiguration;
        }
    }
}
