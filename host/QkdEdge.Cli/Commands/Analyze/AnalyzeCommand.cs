using System.CommandLine;

namespace QkdEdge.Cli.Commands.Analyze;

/// <summary><c>qkdedge analyze</c>: key-rate analysis and link planning. Subcommands live beside this file.</summary>
public static class AnalyzeCommand
{
    public static Command Create()
    {
        var command = new Command(
            "analyze",
            "Security analysis: key rates, finite-key lengths and link plans.\n"
            + "Example: qkdedge analyze rate --chsh 2.7 --qber 0.02 --rounds 1e9");
        command.Subcommands.Add(AnalyzeRateCommand.Create());
        command.Subcommands.Add(AnalyzeCurveCommand.Create());
        command.Subcommands.Add(AnalyzePlanCommand.Create());
        command.Subcommands.Add(AnalyzeCodesCommand.Create());
        SubcommandRequired.Attach(command);
        return command;
    }
}
