using QkdEdge.Emulator.Optics;
using QkdEdge.Emulator.Tests.Optics.Statistics;
using Xunit.Abstractions;

namespace QkdEdge.Emulator.Tests.Optics;

/// <summary>
/// N-party GHZ source with the parity-CHSH layout against the DI-QKD reference sheet, sections 6.1-6.2: with global
/// white noise, beta = 2 sqrt2 v and Q(A, B_i) = (1 - v)/2 for every i. Bounds: 5 standard errors.
/// </summary>
public sealed class GhzParityChshTests(ITestOutputHelper output)
{
    private const long Rounds = 1_000_000;

    [Theory]
    [InlineData(3, 1.0)]
    [InlineData(3, 0.9)]
    [InlineData(4, 0.95)]
    public void Measure_WhenGhzWithWhiteNoise_ParityChshMatchesTwoSqrt2TimesVisibility(int parties, double visibility)
    {
        const ulong seed = 51;
        output.WriteLine($"seed {seed}, N = {parties}, v = {visibility}");
        var model = SourceDetectorModel.Create(OpticsPresets.ParityChshGhz(parties, visibility), seed);
        // Test rounds: Alice x and Bob_1 y uniform bits; every other party gets the fixed question 1 (X).
        var allowed = new byte[parties][];
        allowed[0] = [0, 1];
        allowed[1] = [0, 1];
        for (int s = 2; s < parties; s++)
            allowed[s] = [1];
        var counts = TupleCounts.Collect(model, allowed, Rounds, seed + 1000);

        var all = Enumerable.Range(0, parties).ToArray();
        int[] aliceAndBob = [0, 1];
        // beta = <A0 B0> + <A0 B1> + <A1 B0 Bbar> - <A1 B1 Bbar>
        var terms = new[]
        {
            (+1, counts.ProductCorrelator(Tuple(parties, 0, 0), aliceAndBob, ClickBinning.Default)),
            (+1, counts.ProductCorrelator(Tuple(parties, 0, 1), aliceAndBob, ClickBinning.Default)),
            (+1, counts.ProductCorrelator(Tuple(parties, 1, 0), all, ClickBinning.Default)),
            (-1, counts.ProductCorrelator(Tuple(parties, 1, 1), all, ClickBinning.Default)),
        };
        var beta = new Estimate(
            terms.Sum(t => t.Item1 * t.Item2.Value),
            Math.Sqrt(terms.Sum(t => t.Item2.StandardError * t.Item2.StandardError)));
        output.WriteLine($"beta = {beta}, expected {2 * Math.Sqrt(2) * visibility:F5}");

        Assert.True(beta.IsWithin(2 * Math.Sqrt(2) * visibility), $"beta = {beta}");
    }

    [Theory]
    [InlineData(3, 0.9)]
    [InlineData(5, 0.95)]
    public void Measure_WhenGhzKeyRounds_EveryBobsErrorRateIsHalfOfOneMinusVisibility(int parties, double visibility)
    {
        const ulong seed = 52;
        output.WriteLine($"seed {seed}, N = {parties}, v = {visibility}");
        var model = SourceDetectorModel.Create(OpticsPresets.ParityChshGhz(parties, visibility), seed);
        // Key rounds: everyone measures Z (Alice 0, Bob_1 2, others 0).
        var allowed = new byte[parties][];
        for (int s = 0; s < parties; s++)
            allowed[s] = [s == 1 ? (byte)2 : (byte)0];
        var counts = TupleCounts.Collect(model, allowed, Rounds, seed + 1000);
        var key = allowed.Select(a => a[0]).ToArray();

        for (int bob = 1; bob < parties; bob++)
        {
            var e = counts.ProductCorrelator(key, [0, bob], ClickBinning.Default);
            var q = new Estimate((1 - e.Value) / 2, e.StandardError / 2);
            output.WriteLine($"Q(A, B_{bob}) = {q}, expected {(1 - visibility) / 2:F5}");
            Assert.True(q.IsWithin((1 - visibility) / 2), $"Q(A, B_{bob}) = {q}");
        }
    }

    private static byte[] Tuple(int parties, byte x, byte y)
    {
        var tuple = new byte[parties];
        tuple[0] = x;
        tuple[1] = y;
        for (int s = 2; s < parties; s++)
            tuple[s] = 1;
        return tuple;
    }
}
