using QkdEdge.Security.FiniteKey;

namespace QkdEdge.Security.Tests.FiniteKey;

public class AbortThresholdsTests
{
    [Fact]
    public void Derive_WhenHonestDevices_FailTheChshTestWithAtMostTheCompleteness()
    {
        // Exact binomial tail of the honest win count Bin(n, gamma omega) below the required wins.
        var t = AbortThresholds.Derive(2.7, 0.02, 20_000, 0.1, 1e-2, 1e-2);
        double p = 0.1 * Chsh.WinProbability(2.7);
        double tail = 0;
        for (long k = 0; k < t.RequiredWins; k++)
        {
            tail += Math.Exp(LogChoose(20_000, k) + k * Math.Log(p) + (20_000 - k) * Math.Log(1 - p));
        }

        Assert.True(tail <= 1e-2, $"honest abort probability {tail}");
        Assert.True(tail > 1e-4, "threshold needlessly loose");
    }

    [Fact]
    public void Derive_WhenKeyCompletenessChanges_ChshThresholdStaysAndToleranceMoves()
    {
        var a = AbortThresholds.Derive(2.7, 0.02, 1_000_000, 0.05, 1e-2, 1e-2);
        var b = AbortThresholds.Derive(2.7, 0.02, 1_000_000, 0.05, 1e-2, 1e-6);
        Assert.Equal(a.ThresholdWinProbability, b.ThresholdWinProbability);
        Assert.True(b.KeyTolerance > a.KeyTolerance);
        Assert.Equal(a.ExpectedWinProbability - a.ThresholdWinProbability, a.ChshTolerance, 12);
        Assert.Equal(a.ExpectedErrorRate + a.KeyTolerance, a.MaxErrorRate, 12);
    }

    [Fact]
    public void Derive_WhenMoreRounds_TolerancesShrink()
    {
        var small = AbortThresholds.Derive(2.7, 0.02, 1_000_000, 0.05, 1e-2, 1e-2);
        var large = AbortThresholds.Derive(2.7, 0.02, 100_000_000, 0.05, 1e-2, 1e-2);
        Assert.True(large.ChshTolerance < small.ChshTolerance / 5);
        Assert.True(large.KeyTolerance < small.KeyTolerance / 5);
    }

    [Fact]
    public void Derive_WhenGammaOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AbortThresholds.Derive(2.7, 0.02, 1000, 0, 1e-2, 1e-2));

    private static double LogChoose(long n, long k) => LogGamma(n + 1) - LogGamma(k + 1) - LogGamma(n - k + 1);

    private static double LogGamma(double x)
    {
        // Stirling series with a shift for small arguments; accurate to ~1e-12 for x >= 1.
        double shift = 0;
        while (x < 10)
        {
            shift -= Math.Log(x);
            x += 1;
        }

        return shift + (x - 0.5) * Math.Log(x) - x + 0.5 * Math.Log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x) + 1 / (1260 * Math.Pow(x, 5));
    }
}
