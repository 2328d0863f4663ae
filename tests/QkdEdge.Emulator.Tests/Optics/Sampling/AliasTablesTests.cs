using QkdEdge.Emulator.Optics.Sampling;
using QkdEdge.Emulator.Randomness;
using Xunit.Abstractions;

namespace QkdEdge.Emulator.Tests.Optics.Sampling;

public sealed class AliasTablesTests(ITestOutputHelper output)
{
    [Fact]
    public void Sample_WhenDrawnManyTimes_FrequenciesMatchProbabilities()
    {
        const ulong seed = 61;
        const int draws = 1_000_000;
        output.WriteLine($"seed {seed}");
        // Two tables of 8 outcomes, including zeros, a tiny value and a dominant one.
        double[] p =
        [
            0.5, 0.2, 0.1, 0.1, 0.05, 0.04, 0.01, 0.0,
            0.0, 0.0, 1e-4, 0.9999 - 0.3, 0.3, 0.0, 0.0, 0.0,
        ];
        var tables = new AliasTables(p, 3);
        var random = new Xoshiro256StarStar(seed);

        for (int table = 0; table < 2; table++)
        {
            var hits = new long[8];
            for (int i = 0; i < draws; i++)
                hits[tables.Sample(table, random.NextUInt64())]++;
            for (int outcome = 0; outcome < 8; outcome++)
            {
                double expected = p[table * 8 + outcome];
                double frequency = (double)hits[outcome] / draws;
                // 5 binomial standard errors; an outcome of probability 0 must never appear.
                double bound = 5 * Math.Sqrt(expected * (1 - expected) / draws);
                Assert.True(Math.Abs(frequency - expected) <= bound, $"table {table} outcome {outcome}: {frequency} vs {expected}");
            }
        }
    }

    [Fact]
    public void Constructor_WhenProbabilitiesDoNotSumToOne_Throws()
    {
        Assert.Throws<ArgumentException>(() => new AliasTables([0.5, 0.4], 1));
    }

    [Fact]
    public void Constructor_WhenProbabilityNegative_Throws()
    {
        Assert.Throws<ArgumentException>(() => new AliasTables([1.5, -0.5], 1));
    }
}
