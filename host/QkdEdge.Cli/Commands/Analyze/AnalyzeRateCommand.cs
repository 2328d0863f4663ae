using System.CommandLine;
using QkdEdge.Security;
using QkdEdge.Security.Asymptotic;
using QkdEdge.Security.FiniteKey;

namespace QkdEdge.Cli.Commands.Analyze;

/// <summary><c>qkdedge analyze rate</c>: asymptotic and finite-key rate at one operating point.</summary>
public static class AnalyzeRateCommand
{
    public static Command Create()
    {
        var chsh = new Option<string>("--chsh") { Description = "Expected CHSH value S of the devices (2 < S <= 2.828427 for a key)." };
        var qber = new Option<string>("--qber") { Description = "Expected error rate Q on key rounds, in [0, 0.5]." };
        var rounds = new Option<string>("--rounds") { Description = "Rounds n in the block, e.g. 1e9." };
        var gamma = new Option<string>("--test-fraction") { Description = "Test-round probability gamma (default: the best one for n)." };
        var leak = new Option<string>("--leak-bits") { Description = "Measured error-correction leak in bits (default: estimated from Q)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var security = new SecurityOptions();

        var command = new Command(
            "rate",
            "Key rate at one operating point: the asymptotic rate against collective attacks and the finite-key length "
            + "by entropy accumulation for a block of n rounds, with every term of the bound.\n"
            + "Example: qkdedge analyze rate --chsh 2.7 --qber 0.02 --rounds 1e9 --json")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.Options.Add(chsh);
        command.Options.Add(qber);
        command.Options.Add(rounds);
        command.Options.Add(gamma);
        command.Options.Add(leak);
        command.Options.Add(json);
        security.AddTo(command);

        command.Action = new InputCheckedAction(parse =>
        {
            var input = new AnalyzeInput();
            if (AnalyzeOutput.HasUnmatched(parse, input))
            {
                return AnalyzeOutput.BadInput(parse, input.Errors);
            }

            double s = input.Number("--chsh", parse.GetValue(chsh), 0.0, Chsh.TsirelsonBound + 1e-9);
            double q = input.Number("--qber", parse.GetValue(qber), 0.0, 0.5);
            long n = input.Rounds("--rounds", parse.GetValue(rounds));
            double? testFraction = parse.GetValue(gamma) is { } g ? input.Number("--test-fraction", g, 0.0, 1.0, openMin: true) : null;
            if (testFraction is >= 1.0)
            {
                input.Fail($"--test-fraction = {parse.GetValue(gamma)} must be below 1.");
            }

            double? leakBits = parse.GetValue(leak) is { } l ? input.Number("--leak-bits", l, 0.0) : null;
            var eps = security.Read(parse, input);
            var analysis = security.ReadAnalysis(parse, input);
            double efficiency = security.ReadEfficiency(parse, input);
            if (input.HasErrors)
            {
                return AnalyzeOutput.BadInput(parse, input.Errors);
            }

            var report = Compute(s, q, n, testFraction, leakBits, eps, analysis, efficiency, security.IncludeAep(parse));
            var output = AnalyzeOutput.Out(parse);
            if (parse.GetValue(json))
            {
                output.WriteLine(report.ToJson());
            }
            else
            {
                report.WriteTable(output);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    internal static RateReport Compute(
        double s, double q, long n, double? testFraction, double? leakBits, EatSecurityParameters eps, EatAnalysis analysis, double efficiency, bool includeAep)
    {
        var inputs = new PlanningInputs(s, q, eps, testFraction, efficiency, analysis, IncludeAepLeakTerm: includeAep);
        var plan = FiniteKeyPlanner.Plan(inputs, n);
        var result = plan.Result;
        double leakUsed = plan.EstimatedLeakBits;
        if (leakBits is { } measured)
        {
            double gammaUsed = result.Breakdown?.TestFraction ?? plan.Thresholds.TestFraction;
            var thresholds = AbortThresholds.Derive(s, q, n, gammaUsed, eps.Completeness, inputs.KeyCompleteness);
            result = FiniteKeyAnalysis.ComputeKeyLength(new KeyLengthRequest(n, gammaUsed, plan.Thresholds.ThresholdWinProbability, measured, eps, analysis));
            plan = plan with { Thresholds = thresholds with { ThresholdWinProbability = plan.Thresholds.ThresholdWinProbability } };
            leakUsed = measured;
        }

        long length = Math.Max(0, result.KeyLengthBits);
        var t = plan.Thresholds;
        return new RateReport(
            s, q, n, ChshKeyRate.Rate(s, q), ChshKeyRate.Raw(s, q), length, (double)length / n, result.IsAbort, result.Reason.ToString(),
            SecurityOptions.Name(result.Breakdown?.Analysis ?? analysis), result.Breakdown?.TestFraction ?? t.TestFraction,
            t.ThresholdWinProbability, t.ExpectedWinProbability - t.ThresholdWinProbability, t.RequiredWins, t.MaxErrorRate, t.KeyTolerance,
            leakUsed, leakBits is not null, eps.Soundness, eps.Completeness, RateTerms.From(result.Breakdown));
    }
}
