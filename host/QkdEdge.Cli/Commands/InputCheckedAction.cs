using System.CommandLine;
using System.CommandLine.Invocation;

namespace QkdEdge.Cli.Commands;

/// <summary>
/// A command's action that turns the parser's own complaints (a value of the wrong type, a missing
/// argument or option, an unknown token) into rejected input: one line per problem naming the value and
/// the option, and <see cref="ExitCodes.BadInput"/>, instead of a usage dump and the parser's exit code 1,
/// which <see cref="ExitCodes"/> does not list. Help still wins: <c>--help</c> has its own action.
/// </summary>
internal sealed class InputCheckedAction(Func<ParseResult, int> run) : SynchronousCommandLineAction
{
    /// <summary>Runs this action despite parse errors, which it reports itself.</summary>
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var problems = parseResult.Errors.Select(e => e.Message).ToList();
        foreach (string token in parseResult.UnmatchedTokens)
        {
            if (!problems.Any(p => p.Contains($"'{token}'", StringComparison.Ordinal)))
                problems.Add($"Unrecognized argument '{token}'.");
        }

        if (problems.Count == 0)
            return run(parseResult);
        var error = parseResult.InvocationConfiguration.Error ?? Console.Error;
        string command = CommandPath(parseResult.CommandResult.Command);
        foreach (string problem in problems)
            error.WriteLine($"{command}: {problem}");
        error.WriteLine($"See '{command} --help'.");
        return ExitCodes.BadInput;
    }

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
            names.Add(c is RootCommand ? "qkdedge" : c.Name);
        names.Reverse();
        return string.Join(' ', names);
    }
}
