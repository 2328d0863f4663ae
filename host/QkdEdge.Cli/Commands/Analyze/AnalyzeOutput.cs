using System.CommandLine;

namespace QkdEdge.Cli.Commands.Analyze;

/// <summary>Writers of an invocation, so tests can capture what a command prints.</summary>
internal static class AnalyzeOutput
{
    public static TextWriter Out(ParseResult parse) => parse.InvocationConfiguration.Output ?? Console.Out;

    public static TextWriter Error(ParseResult parse) => parse.InvocationConfiguration.Error ?? Console.Error;

    /// <summary>Reports input errors (one per line) and returns the bad-input exit code.</summary>
    public static int BadInput(ParseResult parse, IEnumerable<string> errors)
    {
        var error = Error(parse);
        foreach (var e in errors)
        {
            error.WriteLine($"qkdedge analyze: {e}");
        }

        return ExitCodes.BadInput;
    }

    /// <summary>
    /// Runs the part of a command that writes <paramref name="plotPath"/>; a file the system refuses to write
    /// (permissions, a full disk) is reported as bad input naming the option, not as an internal error.
    /// </summary>
    public static int WritingPlot(ParseResult parse, string? plotPath, Action write)
    {
        try
        {
            write();
            return ExitCodes.Success;
        }
        catch (Exception ex) when (plotPath is not null && ex is IOException or UnauthorizedAccessException)
        {
            return BadInput(parse, [$"--plot '{plotPath}' cannot be written: {ex.Message}"]);
        }
    }

    /// <summary>Unmatched tokens are reported as bad input rather than by the parser (which would exit with 1).</summary>
    public static bool HasUnmatched(ParseResult parse, AnalyzeInput input)
    {
        foreach (var token in parse.UnmatchedTokens)
        {
            input.Fail($"unknown argument '{token}'.");
        }

        return input.HasErrors;
    }
}
