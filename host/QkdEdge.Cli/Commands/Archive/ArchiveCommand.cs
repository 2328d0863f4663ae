using System.CommandLine;

namespace QkdEdge.Cli.Commands.Archive;

/// <summary><c>qkdedge archive</c>: verify and export round archives. Subcommands live beside this file.</summary>
public static class ArchiveCommand
{
    public static Command Create()
    {
        var command = new Command("archive", "Round archives: verify integrity, export blocks.");
        command.Subcommands.Add(ArchiveVerifyCommand.Create());
        command.Subcommands.Add(ArchiveExportCommand.Create());
        SubcommandRequired.Attach(command);
        return command;
    }
}
