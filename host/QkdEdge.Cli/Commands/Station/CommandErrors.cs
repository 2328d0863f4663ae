namespace QkdEdge.Cli.Commands.Station;

/// <summary>How the station commands report rejected input: one line per problem, exit code <see cref="ExitCodes.BadInput"/>.</summary>
internal static class CommandErrors
{
    public static int BadInput(TextWriter error, IEnumerable<string> problems)
    {
        foreach (string problem in problems)
            error.WriteLine($"qkdedge: {problem}");
        return ExitCodes.BadInput;
    }
}
