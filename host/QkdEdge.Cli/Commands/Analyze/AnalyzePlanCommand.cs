using System.CommandLine;
using System.Globalization;
using QkdEdge.Security.Planning;

namespace QkdEdge.Cli.Commands.Analyze;

/// <summary><c>qkdedge analyze plan</c>: what a link delivers against distance, before buying the hardware.</summary>
public static class AnalyzePlanCommand
{
    public static Command Create()
    {
        var visibility = new Option<string>("--visibility") { Description = "Source visibility v (default 0.99).", DefaultValueFactory = _ => "0.99" };
        var detector = new Option<string>("--detector-efficiency") { Description = "Detection efficiency per station incl. coupling (default 0.95).", DefaultValueFactory = _ => "0.95" };
        var dark = new Option<string>("--dark-counts") { Description = "Dark-count probability per detector per round (default 1e-6).", DefaultValueFactory = _ => "1e-6" };
        var loss = new Option<string>("--fibre-loss") { Description = "Fibre loss in dB/km (default 0.2).", DefaultValueFactory = _ => "0.2" };
        var rate = new Option<string>("--round-rate") { Description = "Rounds per second attempted by the source (default 1e6).", DefaultValueFactory = _ => "1e6" };
        var distances = new Option<string>("--distances") { Description = "Alice-Bob distances in km (default 0,0.25,0.5,0.75,1,1.5).", DefaultValueFactory = _ => "0,0.25,0.5,0.75,1,1.5" };
        var rounds = new Option<string>("--rounds") { Description = "Block size n for the finite-key rate (default 1e10).", DefaultValueFactory = _ => "1e10" };
        var heralded = new Option<bool>("--heralded") { Description = "Entanglement heralded midway: loss lowers the round rate, not the detection efficiency." };
        var plot = new Option<string>("--plot") { Description = "Also write key rate against distance to this .png or .svg file." };
        var security = new SecurityOptions();

        var command = new Command(
            "plan",
            "Link planner: from source visibility, detector efficiency, dark counts, fibre loss and round rate, the expected CHSH value "
            + "and error rate (Born rule, no-click binned to +1), the asymptotic and finite-key rates and the time to the first key, against distance.\n"
            + "Example: qkdedge analyze plan --visibility 0.99 --detector-efficiency 0.95 --distances 0,0.5,1 --round-rate 1e6")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var o in new Option[] { visibility, detector, dark, loss, rate, distances, rounds, heralded, plot })
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

            double v = input.Number("--visibility", parse.GetValue(visibility), 0, 1);
            double eta = input.Number("--detector-efficiency", parse.GetValue(detector), 0, 1, openMin: true);
            double pd = input.Number("--dark-counts", parse.GetValue(dark), 0, 0.5);
            double alpha = input.Number("--fibre-loss", parse.GetValue(loss), 0, 100);
            double hz = input.Number("--round-rate", parse.GetValue(rate), 0, 1e15, openMin: true);
            double[] km = input.List("--distances", parse.GetValue(distances) ?? "0", 0, 1e5);
            long n = input.Rounds("--rounds", parse.GetValue(rounds));
            string? plotPath = input.PlotPath("--plot", parse.GetValue(plot));
            var eps = security.Read(parse, input);
            var analysis = security.ReadAnalysis(parse, input);
            if (input.HasErrors)
            {
                return AnalyzeOutput.BadInput(parse, input.Errors);
            }

            bool isHeralded = parse.GetValue(heralded);
            var plans = km.Select(d => LinkPlanner.Plan(new LinkParameters(v, eta, pd, alpha, d, hz, isHeralded), eps, n, analysis)).ToList();
            return AnalyzeOutput.WritingPlot(parse, plotPath, () => Write(AnalyzeOutput.Out(parse), plans, n, plotPath));
        });
        return command;
    }

    private static void Write(TextWriter output, List<LinkPlan> plans, long n, string? plotPath)
    {
        string nText = n.ToString("0e0", CultureInfo.InvariantCulture);
        output.WriteLine($"Link plan (finite key at n = {nText} rounds per block).");
        output.WriteLine("   L(km)  station-eta         S        Q   asym/key-round  finite/round    key bit/s   first-key rounds   time to first key");
        foreach (var p in plans)
        {
            string first = p.RoundsForFirstKey is { } r ? r.ToString("0.00e0", CultureInfo.InvariantCulture) : "none";
            string time = p.SecondsToFirstKey is { } t ? Duration(t) : "never";
            double finite = Math.Max(0.0, p.Block?.RatePerRound ?? 0.0);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{p.Link.DistanceKm,8:0.###} {p.StationEfficiency,12:F4} {p.ChshValue,9:F5} {p.ErrorRate,8:F5} {p.AsymptoticRate,16:F6} {finite,13:F6} {finite * p.EffectiveRoundRateHz,12:G4} {first,18} {time,19}"));
        }

        if (plotPath is not null)
        {
            var x = plans.Select(p => p.Link.DistanceKm).ToArray();
            PlotWriter.Write(
                plotPath,
                "DI-QKD link plan",
                "distance (km)",
                "key bits per round",
                [
                    new PlotSeries("asymptotic per key round", x, plans.Select(p => p.AsymptoticRate).ToArray()),
                    new PlotSeries($"finite key per round, n = {nText}", x, plans.Select(p => Math.Max(0.0, p.Block?.RatePerRound ?? 0.0)).ToArray()),
                ],
                logX: false);
            output.WriteLine($"Plot written to {plotPath}.");
        }
    }

    private static string Duration(double seconds) => seconds switch
    {
        < 120 => string.Create(CultureInfo.InvariantCulture, $"{seconds:F1} s"),
        < 7200 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:F1} min"),
        < 172800 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:F1} h"),
        < 3.15e8 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 86400:F1} d"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3.15576e7:G3} yr"),
    };
}
