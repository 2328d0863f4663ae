using QkdEdge.Emulator.Randomness;

namespace QkdEdge.Emulator.Tests.Randomness;

/// <summary>
/// The ziggurat normal sampler against standard normal probabilities (values from the normal CDF).
/// Bounds: 5 binomial standard errors per probability; 5 standard errors for mean and variance.
/// </summary>
public sealed class StandardNormalTests
{
    private const int Samples = 1_000_000;

    [Fact]
    public void Sample_WhenDrawnManyTimes_MatchesStandardNormalProbabilities()
    {
        var stream = new SplitMix64(111);
        long positive = 0, within1 = 0, within2 = 0, beyond3 = 0, beyondTail = 0;
        double sum = 0, sumSquares = 0;
        for (int i = 0; i < Samples; i++)
        {
            double z = StandardNormal.Sample(ref stream);
            sum += z;
            sumSquares += z * z;
            double a = Math.Abs(z);
            positive += z > 0 ? 1 : 0;
            within1 += a <= 1 ? 1 : 0;
            within2 += a <= 2 ? 1 : 0;
            beyond3 += a > 3 ? 1 : 0;
            beyondTail += a > 3.5 ? 1 : 0; // only the tail sampler produces these
        }

        AssertProportion(positive, 0.5);
        AssertProportion(within1, 0.682689492137);
        AssertProportion(within2, 0.954499736104);
        AssertProportion(beyond3, 0.002699796063);
        AssertProportion(beyondTail, 0.000465258158);
        Assert.InRange(sum / Samples, -5 / Math.Sqrt(Samples), 5 / Math.Sqrt(Samples));
        // Variance of z^2 for a standard normal is 2.
        Assert.InRange(sumSquares / Samples, 1 - 5 * Math.Sqrt(2.0 / Samples), 1 + 5 * Math.Sqrt(2.0 / Samples));
    }

    private static void AssertProportion(long hits, double expected)
    {
        double bound = 5 * Math.Sqrt(expected * (1 - expected) / Samples);
        Assert.InRange((double)hits / Samples, expected - bound, expected + bound);
    }
}
