using System.Numerics;
using QkdEdge.Firmware.Health;
using Xunit.Abstractions;

namespace QkdEdge.Firmware.Tests.Health;

/// <summary>The cutoffs against the definitions of NIST SP 800-90B section 4.4, evaluated here by other means.</summary>
public sealed class HealthTestCutoffsTests(ITestOutputHelper output)
{
    /// <summary>
    /// Section 4.4.1: C is the smallest run length whose probability at entropy H, 2^(-H (C - 1)), is at
    /// most alpha = 2^-20. Found here by search rather than by the ceiling formula.
    /// </summary>
    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(3.3)]
    [InlineData(7.9)]
    [InlineData(8.0)]
    public void RepetitionCount_WhenEntropyIsClaimed_IsTheShortestRunRarerThanAlpha(double h)
    {
        int expected = 2;
        while (h * (expected - 1) < 20)
            expected++;

        Assert.Equal(expected, HealthTestCutoffs.RepetitionCount(h, 8));
    }

    /// <summary>
    /// Section 4.4.2: C = 1 + CRITBINOM(W, 2^-H, 1 - alpha), i.e. the smallest c with
    /// P(Bin(W, 2^-H) &gt;= c) &lt;= 2^-20. For integer H the tail is a ratio of integers,
    /// sum_{j &gt;= c} binom(W, j) (2^H - 1)^(W - j) / 2^(H W), so the cutoff is checked exactly with
    /// big integers, independently of the floating-point summation in the firmware.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void AdaptiveProportion_WhenEntropyIsAnInteger_MatchesTheExactBinomialTail(int h)
    {
        const int w = 1024;
        BigInteger total = BigInteger.Pow(2, h * w);
        BigInteger others = BigInteger.Pow(2, h) - 1;
        var tail = new BigInteger[w + 2];
        BigInteger binomial = 1; // binom(w, j), walked down from j = w
        for (int j = w; j >= 0; j--)
        {
            tail[j] = tail[j + 1] + binomial * BigInteger.Pow(others, w - j);
            binomial = binomial * j / (w - j + 1);
        }

        int expected = 1;
        while ((tail[expected] << 20) > total)
            expected++;

        int cutoff = HealthTestCutoffs.AdaptiveProportion(h, 8, w);
        output.WriteLine($"H = {h}: adaptive proportion cutoff {cutoff} of W = {w}");
        Assert.Equal(Math.Min(expected, w), cutoff);
    }

    [Fact]
    public void WindowFor_WhenSamplesAreBytesOrBits_IsTheStandardsWindow()
    {
        Assert.Equal(1024, HealthTestCutoffs.WindowFor(8));
        Assert.Equal(512, HealthTestCutoffs.WindowFor(1));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(8.5)]
    [InlineData(double.NaN)]
    public void RepetitionCount_WhenEntropyIsImpossible_Throws(double h)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HealthTestCutoffs.RepetitionCount(h, 8));
    }
}
