using QkdEdge.Emulator.Optics;
using QkdEdge.Emulator.Tests.Optics.Statistics;
using Xunit.Abstractions;

namespace QkdEdge.Emulator.Tests.Optics;

/// <summary>
/// Chained-Bell statistics against the closed forms of the DI-QKD reference sheet, section 5. Bounds: 5 standard
/// errors propagated from the per-setting-pair counts.
/// </summary>
public sealed class ChainedBellTests(ITestOutputHelper output)
{
    private const long Rounds = 1_000_000;

    [Theory]
    [InlineData(3, 1.0)]
    [InlineData(4, 1.0)]
    [InlineData(8, 1.0)]
    [InlineData(10, 0.99)]
    public void Measure_WhenSingletInBhkBases_TStatisticMatchesClosedForm(int bases, double visibility)
    {
        const ulong seed = 41;
        output.WriteLine($"seed {seed}, N = {bases}, v = {visibility}");
        var model = SourceDetectorModel.Create(OpticsPresets.ChainedBell(bases, visibility), seed);
        var counts = PairCounts.Collect(model, bases, bases, Rounds, seed + 1000);

        // t = (1/3N) sum_{c in -1,0,1} sum_i P(a != b | X_i, X_{i+c}); X_{-1} and X_N are X_{N-1} and X_0
        // with the outcomes swapped, so across the wrap the anticorrelation event is a = b.
        double sum = 0, variance = 0;
        for (int i = 0; i < bases; i++)
            for (int c = -1; c <= 1; c++)
            {
                int j = i + c;
                bool swapped = j < 0 || j >= bases;
                j = (j + bases) % bases;
                var disagreement = counts.Disagreement(i, j);
                double p = swapped ? 1 - disagreement.Value : disagreement.Value;
                sum += p;
                variance += p * (1 - p) / counts.Rounds(i, j);
            }
        var t = new Estimate(sum / (3 * bases), Math.Sqrt(variance) / (3 * bases));
        double expected = (3 + visibility * (1 + 2 * Math.Cos(Math.PI / bases))) / 6;
        output.WriteLine($"t = {t}, closed form {expected:F6}, local bound {1 - 2.0 / (3 * bases):F6}");

        Assert.True(t.IsWithin(expected), $"t = {t}, expected {expected}");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Measure_WhenPhiPlusInChainedDirections_BraunsteinCavesValueMatchesClosedForm(int settings)
    {
        const ulong seed = 42;
        output.WriteLine($"seed {seed}, m = {settings}");
        // A_k at (k-1) pi/m and B_k at (2k-1) pi/(2m) on the Bloch circle (degrees below), k = 1..m.
        var alice = new double[settings];
        var bob = new double[settings];
        for (int k = 0; k < settings; k++)
        {
            alice[k] = 180.0 * k / settings;
            bob[k] = 90.0 * (2 * k + 1) / settings;
        }
        var options = new OpticsOptions
        {
            StationOptics = [new StationOpticsOptions { DirectionsDegrees = alice }, new StationOpticsOptions { DirectionsDegrees = bob }],
        };
        var counts = PairCounts.Collect(SourceDetectorModel.Create(options, seed), settings, settings, Rounds, seed + 1000);

        // I_m = sum_k E(A_k, B_k) + sum_{k<m} E(B_k, A_{k+1}) - E(B_m, A_1).
        double value = 0, variance = 0;
        void Add(int x, int y, int sign)
        {
            var e = counts.Correlator(x, y, ClickBinning.Default, ClickBinning.Default);
            value += sign * e.Value;
            variance += e.StandardError * e.StandardError;
        }
        for (int k = 0; k < settings; k++)
            Add(k, k, +1);
        for (int k = 0; k < settings - 1; k++)
            Add(k + 1, k, +1);
        Add(0, settings - 1, -1);
        var chained = new Estimate(value, Math.Sqrt(variance));
        double expected = 2 * settings * Math.Cos(Math.PI / (2 * settings));
        output.WriteLine($"I_m = {chained}, closed form {expected:F6}, local bound {2 * settings - 2}");

        Assert.True(chained.IsWithin(expected), $"I_m = {chained}, expected {expected}");
    }
}
