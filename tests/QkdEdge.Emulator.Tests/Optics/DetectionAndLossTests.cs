using QkdEdge.Emulator.Optics;
using QkdEdge.Emulator.Tests.Optics.Statistics;
using Xunit.Abstractions;

namespace QkdEdge.Emulator.Tests.Optics;

/// <summary>
/// Detector efficiency, dark counts and fibre loss against the closed forms of
/// <see cref="BinnedClosedForm"/>. Statistical bounds: 5 standard errors from the per-setting-pair counts.
/// </summary>
public sealed class DetectionAndLossTests(ITestOutputHelper output)
{
    private const long Rounds = 1_000_000;
    private static readonly double BinningThreshold = 2 / (1 + Math.Sqrt(2));

    [Theory]
    [InlineData(0.70)]
    [InlineData(0.80)]
    [InlineData(0.8284271247)] // 2/(1+sqrt2) = 0.82842712474619..., rounded down
    public void Measure_WhenEfficiencyAtOrBelowBinningThreshold_ChshStaysAtOrBelowLocalBound(double efficiency)
    {
        const ulong seed = 31;
        Assert.True(efficiency <= BinningThreshold);
        var station = new StationOpticsOptions { Detector0Efficiency = efficiency, Detector1Efficiency = efficiency };
        var s = MeasureChsh(station, station, 1, seed);
        double expected = 2 * (1 - efficiency) * (1 - efficiency) + 2 * Math.Sqrt(2) * efficiency * efficiency;
        output.WriteLine($"seed {seed}, eta = {efficiency}: S = {s}, closed form {expected:F5}");

        Assert.True(s.Value <= 2 + 5 * s.StandardError, $"S = {s}");
        Assert.True(s.IsWithin(expected), $"S = {s}, expected {expected}");
    }

    [Theory]
    [InlineData(0.90)]
    [InlineData(0.95)]
    public void Measure_WhenEfficiencyAboveBinningThreshold_ChshViolatesAsClosedFormPredicts(double efficiency)
    {
        const ulong seed = 32;
        var station = new StationOpticsOptions { Detector0Efficiency = efficiency, Detector1Efficiency = efficiency };
        var s = MeasureChsh(station, station, 1, seed);
        double expected = 2 * (1 - efficiency) * (1 - efficiency) + 2 * Math.Sqrt(2) * efficiency * efficiency;
        output.WriteLine($"seed {seed}, eta = {efficiency}: S = {s}, closed form {expected:F5}");

        Assert.True(s.IsWithin(expected), $"S = {s}, expected {expected}");
        Assert.True(s.Value > 2 + 5 * s.StandardError, $"S = {s}");
    }

    public static TheoryData<string, StationOpticsOptions, StationOpticsOptions, double> ImperfectLinks => new()
    {
        {
            "dark counts 1e-2",
            new StationOpticsOptions { Detector0Efficiency = 0.95, Detector1Efficiency = 0.95, Detector0DarkCountProbability = 0.01, Detector1DarkCountProbability = 0.01 },
            new StationOpticsOptions { Detector0Efficiency = 0.95, Detector1Efficiency = 0.95, Detector0DarkCountProbability = 0.01, Detector1DarkCountProbability = 0.01 },
            1.0
        },
        {
            "5 km and 2 km of 0.2 dB/km fibre, v = 0.97",
            new StationOpticsOptions { Detector0Efficiency = 0.98, Detector1Efficiency = 0.98, Detector0DarkCountProbability = 1e-3, Detector1DarkCountProbability = 1e-3, FibreLengthKm = 5 },
            new StationOpticsOptions { Detector0Efficiency = 0.98, Detector1Efficiency = 0.98, Detector0DarkCountProbability = 1e-3, Detector1DarkCountProbability = 1e-3, FibreLengthKm = 2 },
            0.97
        },
        {
            "asymmetric detectors and binning conventions",
            new StationOpticsOptions { Detector0Efficiency = 0.9, Detector1Efficiency = 0.8, Detector0DarkCountProbability = 0.02, Detector1DarkCountProbability = 0.005, NoClickBit = 1, DoubleClickBit = 0 },
            new StationOpticsOptions { Detector0Efficiency = 0.85, Detector1Efficiency = 0.95, Detector0DarkCountProbability = 0.0, Detector1DarkCountProbability = 0.03, NoClickBit = 0, DoubleClickBit = 1 },
            0.95
        },
        {
            "heavy dark counts 0.2",
            new StationOpticsOptions { Detector0DarkCountProbability = 0.2, Detector1DarkCountProbability = 0.2 },
            new StationOpticsOptions { Detector0DarkCountProbability = 0.2, Detector1DarkCountProbability = 0.2 },
            1.0
        },
    };

    [Theory]
    [MemberData(nameof(ImperfectLinks))]
    public void Measure_WhenDarkCountsAndLoss_ChshAndKeyErrorMatchClosedForm(
        string description, StationOpticsOptions alice, StationOpticsOptions bob, double visibility)
    {
        const ulong seed = 33;
        var model = SourceDetectorModel.Create(Link(alice, bob, visibility), seed);
        var counts = PairCounts.Collect(model, 3, 2, Rounds, seed + 1000);
        var s = counts.Chsh(alice.Binning, bob.Binning);
        var q = counts.Disagreement(2, 1, alice.Binning, bob.Binning);
        double expectedS = BinnedClosedForm.Chsh(alice, bob, visibility);
        double expectedQ = BinnedClosedForm.KeyDisagreement(alice, bob, visibility);
        output.WriteLine($"{description}, seed {seed}: S = {s} (closed form {expectedS:F5}), Q = {q} (closed form {expectedQ:F5})");

        Assert.True(s.IsWithin(expectedS), $"S = {s}, expected {expectedS}");
        Assert.True(q.IsWithin(expectedQ), $"Q = {q}, expected {expectedQ}");
    }

    [Fact]
    public void Measure_WhenDarkCountsAdded_ChshFallsAndKeyErrorRises()
    {
        const ulong seed = 34;
        var clean = new StationOpticsOptions { Detector0Efficiency = 0.95, Detector1Efficiency = 0.95 };
        var noisy = new StationOpticsOptions
        {
            Detector0Efficiency = 0.95, Detector1Efficiency = 0.95,
            Detector0DarkCountProbability = 0.05, Detector1DarkCountProbability = 0.05,
        };
        var cleanCounts = PairCounts.Collect(SourceDetectorModel.Create(Link(clean, clean, 1), seed), 3, 2, Rounds, seed + 1000);
        var noisyCounts = PairCounts.Collect(SourceDetectorModel.Create(Link(noisy, noisy, 1), seed), 3, 2, Rounds, seed + 1000);
        var (sClean, sNoisy) = (cleanCounts.Chsh(), noisyCounts.Chsh());
        var (qClean, qNoisy) = (cleanCounts.Disagreement(2, 1), noisyCounts.Disagreement(2, 1));
        output.WriteLine($"seed {seed}: S {sClean} -> {sNoisy}, Q {qClean} -> {qNoisy}");

        // Closed form: S 2.5577 -> 2.3210, Q 0.0475 -> 0.0884; both gaps are far beyond 5 combined standard errors.
        Assert.True(sClean.Value - sNoisy.Value > 5 * Math.Sqrt(Sq(sClean.StandardError) + Sq(sNoisy.StandardError)));
        Assert.True(qNoisy.Value - qClean.Value > 5 * Math.Sqrt(Sq(qClean.StandardError) + Sq(qNoisy.StandardError)));
    }

    [Fact]
    public void Measure_WhenDarkCounts_DoubleClickRateMatchesClosedForm()
    {
        const ulong seed = 35;
        const double efficiency = 0.9, dark0 = 0.04, dark1 = 0.07;
        var station = new StationOpticsOptions
        {
            Detector0Efficiency = efficiency, Detector1Efficiency = efficiency,
            Detector0DarkCountProbability = dark0, Detector1DarkCountProbability = dark1,
        };
        var counts = PairCounts.Collect(SourceDetectorModel.Create(Link(station, station, 1), seed), 3, 2, Rounds, seed + 1000);
        var both = counts.PatternFraction(0, ClickPatterns.Both);
        // Each port with probability 1/2 (zero marginals); the routed detector clicks with
        // 1 - (1 - eta)(1 - p_d), the other with its dark-count probability.
        double expected = 0.5 * (1 - (1 - efficiency) * (1 - dark0)) * dark1 + 0.5 * dark0 * (1 - (1 - efficiency) * (1 - dark1));
        output.WriteLine($"seed {seed}: double clicks {both}, closed form {expected:F5}");

        Assert.True(both.IsWithin(expected), $"double clicks {both}, expected {expected}");
    }

    [Fact]
    public void Measure_WhenFibreLoss_NoClickRateMatchesTransmission()
    {
        const ulong seed = 36;
        var station = new StationOpticsOptions { FibreLengthKm = 10, FibreLossDbPerKm = 0.2 };
        var counts = PairCounts.Collect(SourceDetectorModel.Create(Link(station, station, 1), seed), 3, 2, Rounds, seed + 1000);
        var none = counts.PatternFraction(1, ClickPatterns.None);
        double expected = 1 - Math.Pow(10, -0.2); // 2 dB lost: transmission 0.630957
        output.WriteLine($"seed {seed}: no-clicks {none}, closed form {expected:F5}");

        Assert.True(none.IsWithin(expected), $"no-clicks {none}, expected {expected}");
    }

    private static Estimate MeasureChsh(StationOpticsOptions alice, StationOpticsOptions bob, double visibility, ulong seed)
    {
        var model = SourceDetectorModel.Create(Link(alice, bob, visibility), seed);
        return PairCounts.Collect(model, 3, 2, Rounds, seed + 1000).Chsh(alice.Binning, bob.Binning);
    }

    private static OpticsOptions Link(StationOpticsOptions alice, StationOpticsOptions bob, double visibility) =>
        new() { Visibility = visibility, StationOptics = [alice, bob] };

    private static double Sq(double x) => x * x;
}
