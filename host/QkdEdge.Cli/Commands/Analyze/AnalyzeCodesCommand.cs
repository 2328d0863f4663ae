using System.CommandLine;
using System.Globalization;
using QkdEdge.Distillation.Reconciliation.Ldpc;
using QkdEdge.Distillation.Reconciliation.Ldpc.Design;

namespace QkdEdge.Cli.Commands.Analyze;

/// <summary>
/// <c>qkdedge analyze codes</c>: density evolution on the shipped LDPC codes, i.e. the efficiency each code could
/// reach with infinitely long frames and exact belief propagation, and the exchange's floor at given error rates.
/// </summary>
public static class AnalyzeCodesCommand
{
    public static Command Create()
    {
        var rows = new Option<string>("--rows") { Description = "Only the codes with these base rows, e.g. 24,84 (default: every code)." };
        var errorRates = new Option<string>("--error-rates") { Description = "Also the exchange's floor at these error rates, e.g. 0.01,0.05 (the planner's code and modulation for a 2^22-bit key)." };
        var command = new Command(
            "codes",
            "Asymptotic belief-propagation thresholds of the shipped LDPC codes by density evolution: the efficiency each code "
            + "reaches with infinitely long frames and exact sum-product decoding, beside the Shannon limit of its rate. "
            + "Takes seconds to a minute per code.\n"
            + "Example: qkdedge analyze codes --rows 24,84 --error-rates 0.01,0.05")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.Options.Add(rows);
        command.Options.Add(errorRates);
        command.Action = new InputCheckedAction(parse =>
        {
            var input = new AnalyzeInput();
            if (AnalyzeOutput.HasUnmatched(parse, input))
            {
                return AnalyzeOutput.BadInput(parse, input.Errors);
            }

            var family = StandardLdpcCodes.Family;
            var known = family.Specs.Select(s => s.BaseRows).ToHashSet();
            int[] selected = parse.GetValue(rows) is { } r
                ? input.List("--rows", r, 1, 1000).Select(x => (int)x).ToArray()
                : family.Specs.Select(s => s.BaseRows).ToArray();
            foreach (int x in selected.Where(x => !known.Contains(x)))
            {
                input.Fail($"--rows: no shipped code has {x} base rows (they have {string.Join(", ", known.Order())}).");
            }

            double[] rates = parse.GetValue(errorRates) is { } e ? input.List("--error-rates", e, 1e-4, 0.2) : [];
            if (input.HasErrors)
            {
                return AnalyzeOutput.BadInput(parse, input.Errors);
            }

            Write(AnalyzeOutput.Out(parse), family, selected, rates);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Write(TextWriter output, LdpcCodeFamily family, int[] rows, double[] errorRates)
    {
        var grid = new LlrDensityGrid();
        output.WriteLine("Belief-propagation thresholds of the shipped codes (density evolution, binary symmetric channel, full frames).");
        output.WriteLine(" rows  design rate  Shannon limit Q  threshold Q  f at threshold");
        foreach (var spec in family.Specs.Where(s => rows.Contains(s.BaseRows)))
        {
            var t = CodeFamilyAnalysis.Threshold(spec, grid);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{t.BaseRows,5} {t.DesignRate,12:F4} {t.ShannonLimit,16:F5} {t.Threshold,12:F5} {t.Efficiency,15:F4}"));
        }

        if (errorRates.Length == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("Exchange floor: the planner's frame for a 2^22-bit key, and f once density evolution decodes it");
        output.WriteLine("(\"<=\": the first attempt already decodes, so the floor lies lower than the plan can show).");
        output.WriteLine("       Q  rows  key bits  padding  shortened  f first attempt  revealed  f floor");
        foreach (double q in errorRates)
        {
            var x = CodeFamilyAnalysis.AtErrorRate(StandardLdpcCodes.ForKey(1L << 22), q, 1L << 22, ReconciliationOptions.ForKey(1L << 22, q), grid);
            string revealed = x.RevealedBits?.ToString(CultureInfo.InvariantCulture) ?? "all";
            string floor = x.Efficiency is not { } f ? "fails" : (x.RevealedBits == 0 ? "<= " : string.Empty) + f.ToString("F4", CultureInfo.InvariantCulture);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{q,8:0.####} {x.BaseRows,5} {x.KeyBits,9} {x.PaddingBits,8} {x.ShortenedBits,10} {x.FirstAttemptEfficiency,16:F4} {revealed,9} {floor,8}"));
        }
    }
}
