using System.CommandLine;

namespace QkdEdge.Cli.Commands;

/// <summary>
/// The action of a command that only groups subcommands (<c>qkdedge</c> itself, <c>archive</c>, <c>bench</c>, <c>analyze</c>):
/// called alone, or with a word that is not one of its subcommands, it names the subcommands and exits with
/// <see cref="ExitCodes.BadInput"/>, as every leaf command does for bad input, instead of the parser's usage dump
/// and exit code 1.
/// </summary>
internal static class SubcommandRequired
{
    public static void Attach(Command group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.Action = new InputCheckedAction(parseResult =>
        {
            var error = parseResult.InvocationConfiguration.Error ?? Console.Error;
            string names = string.Join(", ", group.Subcommands.Select(c => c.Name));
            string path = group is RootCommand ? "qkdedge" : $"qkdedge {group.Name}";
            error.WriteLine($"{path}: a subcommand is required: {names}.");
            error.WriteLine($"See '{path} --help'.");
            return ExitCodes.BadInput;
        });
    }
}
