using System.CommandLine;
using QkdEdge.Security.FiniteKey;

namespace QkdEdge.Cli.Commands.Analyze;

/// <summary>The security-parameter options shared by the analyze subcommands.</summary>
internal sealed class SecurityOptions
{
    internal Option<string> Soundness { get; } = new("--soundness")
    {
        Description = "Total soundness eps_EC + eps_PA + 2 eps_s + eps_EA, split evenly (default 1e-10).",
        DefaultValueFactory = _ => "1e-10",
    };

    internal Option<string> Completeness { get; } = new("--completeness")
    {
        Description = "Probability that honest devices fail the CHSH test (default 1e-2).",
        DefaultValueFactory = _ => "1e-2",
    };

    internal Option<string> Analysis { get; } = new("--analysis")
    {
        Description = "Finite-key bound: best (default), original, improved, sheet, sheet-improved.",
        DefaultValueFactory = _ => "best",
    };

    internal Option<string> Efficiency { get; } = new("--ec-efficiency")
    {
        Description = "Error-correction inefficiency f >= 1 of the planned code (default 1.0).",
        DefaultValueFactory = _ => "1.0",
    };

    internal Option<bool> NoAepTerm { get; } = new("--no-aep-leak")
    {
        Description = "Leave the sqrt(n) AEP term out of the leak estimate (a code whose finite-size cost is inside f).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Soundness);
        command.Options.Add(Completeness);
        command.Options.Add(Analysis);
        command.Options.Add(Efficiency);
        command.Options.Add(NoAepTerm);
    }

    public EatSecurityParameters Read(ParseResult parse, AnalyzeInput input)
    {
        int before = input.Errors.Count;
        double soundness = input.Number("--soundness", parse.GetValue(Soundness), 0, 1e-2, openMin: true);
        double completeness = input.Number("--completeness", parse.GetValue(Completeness), 0, 0.5, openMin: true);

        // On a bad value the error is already recorded and the command will not run; return valid stand-in values.
        return input.Errors.Count > before
            ? EatSecurityParameters.ForSoundness(1e-10, 1e-2)
            : EatSecurityParameters.ForSoundness(soundness, completeness);
    }

    public EatAnalysis ReadAnalysis(ParseResult parse, AnalyzeInput input)
    {
        string text = parse.GetValue(Analysis) ?? "best";
        switch (text.ToLowerInvariant())
        {
            case "best": return EatAnalysis.Best;
            case "original": return EatAnalysis.Original;
            case "improved": return EatAnalysis.Improved;
            case "sheet": return EatAnalysis.ReferenceSheet;
            case "sheet-improved": return EatAnalysis.ReferenceSheetImproved;
            default:
                input.Fail($"--analysis '{text}' is not one of best, original, improved, sheet, sheet-improved.");
                return EatAnalysis.Best;
        }
    }

    public double ReadEfficiency(ParseResult parse, AnalyzeInput input) =>
        input.Number("--ec-efficiency", parse.GetValue(Efficiency), 1.0, 10.0);

    public bool IncludeAep(ParseResult parse) => !parse.GetValue(NoAepTerm);

    public static string Name(EatAnalysis analysis) => analysis switch
    {
        EatAnalysis.Best => "best",
        EatAnalysis.Original => "original",
        EatAnalysis.Improved => "improved",
        EatAnalysis.ReferenceSheet => "sheet",
        EatAnalysis.ReferenceSheetImproved => "sheet-improved",
        _ => analysis.ToString(),
    };
}
