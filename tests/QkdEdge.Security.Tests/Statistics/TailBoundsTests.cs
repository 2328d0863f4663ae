using QkdEdge.Security.Statistics;

namespace QkdEdge.Security.Tests.Statistics;

public class TailBoundsTests
{
    [Fact]
    public void HoeffdingDeviation_WhenSheetCompleteness_IsSqrtLnOverTwoN() =>
        Assert.Equal(Math.Sqrt(Math.Log(100) / 2e6), TailBounds.HoeffdingDeviation(1e6, 1e-2), 15);

    [Theory]
    [InlineData(2000, 0.05, 1e-3)]
    [InlineData(5000, 0.3, 1e-2)]
    [InlineData(800, 0.83, 1e-4)]
    public void ChernoffLowerDeviation_WhenComparedWithExactBinomialTail_BoundsIt(int m, double p, double eps)
    {
        // The honest count falls below m (p - delta) with probability at most eps: check with the exact binomial CDF.
        double delta = TailBounds.ChernoffLowerDeviation(m, p, eps);
        int kMax = (int)Math.Ceiling(m * (p - delta)) - 1;
        Assert.True(ExactLowerTail(m, p, kMax) <= eps, $"tail {ExactLowerTail(m, p, kMax)} above {eps}");
        Assert.True(delta <= TailBounds.HoeffdingDeviation(m, eps) + 1e-12);
    }

    [Fact]
    public void ChernoffUpperDeviation_WhenRareErrors_IsMuchTighterThanHoeffding()
    {
        double chernoff = TailBounds.ChernoffUpperDeviation(1e6, 0.0144, 1e-2);
        Assert.True(chernoff < TailBounds.HoeffdingDeviation(1e6, 1e-2) / 3);
        Assert.True(ExactUpperTail(1_000_000, 0.0144, (int)Math.Floor(1e6 * (0.0144 + chernoff)) + 1) <= 1e-2);
    }

    [Fact]
    public void FromCounts_WhenAdaptiveDevicesSimulated_LowerBoundHoldsAtTheStatedRate()
    {
        // Statistical check with a fixed seed: devices that adapt their win probability to the past (0.80 after a
        // win, 0.86 after a loss). The Azuma bound on the average conditional win probability must fail in at most
        // eps of the runs; with eps = 0.05 and 400 runs the failure count is Bin(400, <= 0.05): mean <= 20, and
        // 35 is more than 3.4 standard deviations above it.
        var random = new Random(20240611);
        int failures = 0;
        for (int run = 0; run < 400; run++)
        {
            int wins = 0;
            double conditionalSum = 0;
            bool lastWon = false;
            for (int i = 0; i < 1000; i++)
            {
                double p = lastWon ? 0.80 : 0.86;
                conditionalSum += p;
                lastWon = random.NextDouble() < p;
                wins += lastWon ? 1 : 0;
            }

            if (WinFractionInterval.FromCounts(wins, 1000, 0.05).LowerBound > conditionalSum / 1000)
            {
                failures++;
            }
        }

        Assert.True(failures <= 35, $"{failures} failures");
    }

    [Fact]
    public void FromCounts_WhenWinsExceedTests_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WinFractionInterval.FromCounts(11, 10, 0.01));

    private static double ExactLowerTail(int m, double p, int kMax)
    {
        double sum = 0;
        for (int k = 0; k <= kMax; k++)
        {
            sum += Math.Exp(LogBinomial(m, k) + k * Math.Log(p) + (m - k) * Math.Log(1 - p));
        }

        return sum;
    }

    private static double ExactUpperTail(int m, double p, int kMin)
    {
        double sum = 0;
        for (int k = kMin; k <= m; k++)
        {
            double term = Math.Exp(LogBinomial(m, k) + k * Math.Log(p) + (m - k) * Math.Log(1 - p));
            sum += term;
            if (term < 1e-300 && k > kMin + 10)
            {
                break;
            }
        }

        return sum;
    }

    private static double LogBinomial(int m, int k) => LogFactorial(m) - LogFactorial(k) - LogFactorial(m - k);

    private static double LogFactorial(int n)
    {
        // Stirling series; exact sum for small n.
        if (n < 20)
        {
            double s = 0;
            for (int i = 2; i <= n; i++)
            {
                s += Math.Log(i);
            }

            return s;
        }

        double x = n;
        return x * Math.Log(x) - x + 0.5 * Math.Log(2 * Math.PI * x) + 1 / (12 * x) - 1 / (360 * x * x * x);
    }
}
