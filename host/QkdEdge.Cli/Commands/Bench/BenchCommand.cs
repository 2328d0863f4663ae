using System.CommandLine;

namespace QkdEdge.Cli.Commands.Bench;

/// <summary><c>qkdedge bench</c>: throughput figures, each beside a baseline measured in the same run.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks that print figures beside same-run baselines.");
        command.Subcommands.Add(BenchWireCommand.Create());
        command.Subcommands.Add(BenchDistillCommand.Create());
        SubcommandRequired.Attach(command);
        return command;
    }
}
