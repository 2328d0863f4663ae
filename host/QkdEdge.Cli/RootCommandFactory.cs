using System.CommandLine;
using QkdEdge.Cli.Commands;
using QkdEdge.Cli.Commands.Analyze;
using QkdEdge.Cli.Commands.Archive;
using QkdEdge.Cli.Commands.Bench;
using QkdEdge.Cli.Commands.Demo;
using QkdEdge.Cli.Commands.Station;

namespace QkdEdge.Cli;

/// <summary>Builds the <c>qkdedge</c> command tree. Only wiring lives here; each verb has its own file.</summary>
public static class RootCommandFactory
{
    public static RootCommand Create()
    {
        var root = new RootCommand("QkdEdge station host: device-independent QKD from untrusted devices.");
        root.Subcommands.Add(AnalyzeCommand.Create());
        root.Subcommands.Add(ArchiveCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(new StationCommand());
        root.Subcommands.Add(new DemoCommand());
        SubcommandRequired.Attach(root);
        return root;
    }
}
