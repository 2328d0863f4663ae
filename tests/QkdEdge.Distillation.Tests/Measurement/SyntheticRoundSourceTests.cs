using QkdEdge.Distillation.Measurement;
using QkdEdge.Distillation.Sifting;

namespace QkdEdge.Distillation.Tests.Measurement;

public class SyntheticRoundSourceTests
{
    [Fact]
    public void Fill_WhenRoundsAreCounted_MatchesTheDepolarisedSingletStatistics()
    {
        // 2^22 rounds, v = 0.96, gamma = 0.25 (fixed seed). Each fraction is checked within 5 binomial standard
        // deviations of its model value (a false failure has probability below 1e-6 per check).
        const int rounds = 1 << 22;
        var source = new SyntheticRoundSource(0.96, 0.25, seed: 60);
        var buffers = new RoundPlaneBuffers(rounds);
        source.Fill(buffers, rounds);
        var counts = Sifter.Count(buffers.AsPlanes());

        double w = 0.5 + 0.96 / (2 * Math.Sqrt(2));
        AssertFraction(counts.ChshWinsTotal, counts.ChshTrials, w);
        AssertFraction(counts.KeyTestErrors, counts.KeyTestRounds, source.ErrorRate);
        AssertFraction(counts.TestedRounds(2, 0) - counts.Agreements(2, 0), counts.TestedRounds(2, 0), 1 - w);
        long tested = Enumerable.Range(0, 3).Sum(x => counts.TestedRounds(x, 0) + counts.TestedRounds(x, 1));
        AssertFraction(tested, rounds, 0.25);
        AssertFraction(counts.RawKeyRounds, rounds, 0.75 / 6);
        Assert.Equal(0, counts.InvalidSettingRounds);
    }

    private static void AssertFraction(long hits, long trials, double p)
    {
        double sigma = Math.Sqrt(p * (1 - p) / trials);
        Assert.InRange((double)hits / trials, p - 5 * sigma, p + 5 * sigma);
    }
}
