using System.CommandLine;
using System.Globalization;
using QkdEdge.Security;
using QkdEdge.Security.Asymptotic;
using QkdEdge.Security.FiniteKey;

namespace QkdEdge.Cli.Commands.Analyze;

/// <summary>
/// <c>qkdedge analyze curve</c>: key rate against noise (the depolarising trade-off of Vazirani-Vidick's Fig. 1,
/// S = 2 sqrt2 (1 - 2Q)) or against the number of rounds (the finite-key curves of the entropy-accumulation papers).
/// </summary>
public static class AnalyzeCurveCommand
{
    public static Command Create()
    {
        var vs = new Option<string>("--vs") { Description = "noise (rate against Q) or rounds (rate against n).", DefaultValueFactory = _ => "rounds" };
        var rounds = new Option<string>("--rounds") { Description = "For --vs noise: block sizes of the finite-key curves (default 1e8,1e10).", DefaultValueFactory = _ => "1e8,1e10" };
        var points = new Option<string>("--points")
        {
            Description = "For --vs rounds: S:Q operating points (default the reference sheet's 2.771859:0.01,2.677:0.0144,2.687006:0.025,2.545584:0.05).",
            DefaultValueFactory = _ => "2.771859:0.01,2.677:0.0144,2.687006:0.025,2.545584:0.05",
        };
        var from = new Option<string>("--from") { Description = "For --vs rounds: smallest n (default 1e5).", DefaultValueFactory = _ => "1e5" };
        var to = new Option<string>("--to") { Description = "For --vs rounds: largest n (default 1e12).", DefaultValueFactory = _ => "1e12" };
        var plot = new Option<string>("--plot") { Description = "Also write the curves to this .png or .svg file." };
        var security = new SecurityOptions();

        var command = new Command(
            "curve",
            "Key rate curves: against noise (asymptotic rate under S = 2 sqrt2 (1 - 2Q), as in Fig. 1 of Vazirani-Vidick, with finite-key "
            + "curves) or against the number of rounds (finite-key rate per round and the rounds needed for a positive key).\n"
            + "Example: qkdedge analyze curve --vs rounds --analysis original --plot docs/plots/rate-vs-rounds-original.png")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var o in new Option[] { vs, rounds, points, from, to, plot })
        {
            command.Options.Add(o);
        }

        security.AddTo(command);
        command.Action = new InputCheckedAction(parse =>
        {
            var input = new AnalyzeInput();
            if (AnalyzeOutput.HasUnmatched(parse, input))
            {
                return AnalyzeOutput.BadInput(parse, input.Errors);
            }

            var eps = security.Read(parse, input);
            var analysis = security.ReadAnalysis(parse, input);
            double efficiency = security.ReadEfficiency(parse, input);
            string? plotPath = input.PlotPath("--plot", parse.GetValue(plot));
            string mode = (parse.GetValue(vs) ?? "rounds").ToLowerInvariant();
            var template = new PlanningInputs(0, 0, eps, null, double.IsNaN(efficiency) ? 1.0 : efficiency, analysis, IncludeAepLeakTerm: security.IncludeAep(parse));
            var output = AnalyzeOutput.Out(parse);
            switch (mode)
            {
                case "noise":
                {
                    long[] sizes = input.List("--rounds", parse.GetValue(rounds) ?? "1e8,1e10", 1, 1e15).Select(x => (long)Math.Round(x)).ToArray();
                    if (input.HasErrors)
                    {
                        return AnalyzeOutput.BadInput(parse, input.Errors);
                    }

                    return AnalyzeOutput.WritingPlot(parse, plotPath, () => AgainstNoise(output, template, sizes, plotPath));
                }

                case "rounds":
                {
                    var pts = ParsePoints(parse.GetValue(points) ?? string.Empty, input);
                    double lo = input.Number("--from", parse.GetValue(from), 100, 1e14);
                    double hi = input.Number("--to", parse.GetValue(to), 100, 1e14);
                    if (!input.HasErrors && !(hi > lo))
                    {
                        input.Fail($"--to = {parse.GetValue(to)} must exceed --from = {parse.GetValue(from)}.");
                    }

                    if (input.HasErrors)
                    {
                        return AnalyzeOutput.BadInput(parse, input.Errors);
                    }

                    return AnalyzeOutput.WritingPlot(parse, plotPath, () => AgainstRounds(output, template, pts, lo, hi, plotPath));
                }

                default:
                    input.Fail($"--vs '{parse.GetValue(vs)}' must be noise or rounds.");
                    return AnalyzeOutput.BadInput(parse, input.Errors);
            }
        });
        return command;
    }

    private static List<(double S, double Q)> ParsePoints(string text, AnalyzeInput input)
    {
        var list = new List<(double, double)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var sq = part.Split(':');
            if (sq.Length != 2)
            {
                input.Fail($"--points entry '{part}' must look like S:Q, e.g. 2.7:0.02.");
                continue;
            }

            list.Add((input.Number("--points S", sq[0], 0, Chsh.TsirelsonBound + 1e-9), input.Number("--points Q", sq[1], 0, 0.5)));
        }

        if (list.Count == 0)
        {
            input.Fail("--points holds no S:Q pair.");
        }

        return list;
    }

    private static void AgainstNoise(TextWriter output, PlanningInputs template, long[] sizes, string? plotPath)
    {
        const int steps = 32;
        var q = Enumerable.Range(0, steps + 1).Select(i => 0.08 * i / steps).ToArray();
        var s = q.Select(VaziraniVidick.ChshForErrorRate).ToArray();
        var asymptotic = q.Select((x, i) => ChshKeyRate.Rate(s[i], x)).ToArray();
        var finite = sizes.Select(n => q.Select((x, i) =>
            asymptotic[i] > 0 ? Math.Max(0.0, FiniteKeyPlanner.Plan(template with { ChshValue = s[i], ErrorRate = x }, n).RatePerRound) : 0.0).ToArray()).ToArray();

        output.WriteLine("Key rate against noise (S = 2 sqrt2 (1 - 2Q)); asymptotic per key round, finite-key per round.");
        output.Write("     Q          S   asymptotic");
        foreach (var n in sizes)
        {
            output.Write($"   n={n.ToString("0e0", CultureInfo.InvariantCulture),-7}");
        }

        output.WriteLine();
        for (int i = 0; i < q.Length; i++)
        {
            output.Write(string.Create(CultureInfo.InvariantCulture, $"{q[i],6:F4} {s[i],10:F6} {asymptotic[i],12:F6}"));
            foreach (var f in finite)
            {
                output.Write(string.Create(CultureInfo.InvariantCulture, $" {f[i],11:F6}"));
            }

            output.WriteLine();
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Asymptotic noise threshold (rate = 0): Q = {NoiseThreshold():F5}."));
        if (plotPath is not null)
        {
            var series = new List<PlotSeries> { new("asymptotic (collective attacks)", q, asymptotic) };
            series.AddRange(sizes.Select((n, k) => new PlotSeries($"finite key, n = {n.ToString("0e0", CultureInfo.InvariantCulture)}", q, finite[k])));
            PlotWriter.Write(plotPath, "DI-QKD key rate against noise", "error rate Q  (S = 2 sqrt2 (1 - 2Q))", "key bits per round", series, logX: false);
            output.WriteLine($"Plot written to {plotPath}.");
        }
    }

    /// <summary>Q where 1 - h(Q) - h(...) with S = 2 sqrt2 (1 - 2Q) crosses zero (bisection; the rate falls with Q).</summary>
    private static double NoiseThreshold()
    {
        double lo = 0.0, hi = 0.25;
        for (int i = 0; i < 100; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (ChshKeyRate.Raw(VaziraniVidick.ChshForErrorRate(mid), mid) > 0)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static void AgainstRounds(TextWriter output, PlanningInputs template, List<(double S, double Q)> points, double lo, double hi, string? plotPath)
    {
        int count = (int)Math.Round(2 * Math.Log10(hi / lo)) + 1;
        var n = Enumerable.Range(0, count).Select(i => Math.Round(lo * Math.Pow(hi / lo, (double)i / (count - 1)))).ToArray();
        var rates = points.Select(p => n.Select(x => Math.Max(0.0, FiniteKeyPlanner.Plan(template with { ChshValue = p.S, ErrorRate = p.Q }, (long)x).RatePerRound)).ToArray()).ToArray();
        var first = points.Select(p => FiniteKeyPlanner.RoundsForPositiveKey(template with { ChshValue = p.S, ErrorRate = p.Q })).ToArray();

        output.WriteLine($"Finite-key rate per round against rounds ({SecurityOptions.Name(template.Analysis)} analysis).");
        output.Write("         n");
        foreach (var p in points)
        {
            output.Write(string.Create(CultureInfo.InvariantCulture, $"  S={p.S:F4},Q={p.Q:F4}"));
        }

        output.WriteLine();
        for (int i = 0; i < n.Length; i++)
        {
            output.Write(string.Create(CultureInfo.InvariantCulture, $"{n[i],10:0.0e0}"));
            foreach (var r in rates)
            {
                output.Write(string.Create(CultureInfo.InvariantCulture, $"  {r[i],17:F6}"));
            }

            output.WriteLine();
        }

        output.WriteLine("Rounds for the first positive key, and the asymptotic rate:");
        for (int k = 0; k < points.Count; k++)
        {
            string f = first[k] is { } v ? v.ToString("0.00e0", CultureInfo.InvariantCulture) : "none up to 1e13";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  S = {points[k].S:F6}, Q = {points[k].Q:F4}: n_min = {f}; asymptotic {ChshKeyRate.Rate(points[k].S, points[k].Q):F4}"));
        }

        if (plotPath is not null)
        {
            var series = points.Select((p, k) => new PlotSeries(string.Create(CultureInfo.InvariantCulture, $"S = {p.S:F3}, Q = {100 * p.Q:F2} %"), n, rates[k])).ToList();
            PlotWriter.Write(plotPath, $"Finite-key DI-QKD rate ({SecurityOptions.Name(template.Analysis)} entropy accumulation)", "rounds n", "key bits per round", series, logX: true);
            output.WriteLine($"Plot written to {plotPath}.");
        }
    }
}
