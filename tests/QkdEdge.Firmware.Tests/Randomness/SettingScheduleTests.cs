using QkdEdge.Firmware.Health;
using QkdEdge.Firmware.Randomness;
using QkdEdge.Firmware.Tests.Fakes;
using Xunit.Abstractions;

namespace QkdEdge.Firmware.Tests.Randomness;

public sealed class SettingScheduleTests(ITestOutputHelper output)
{
    /// <summary>False-failure probability each chi-square test below accepts for an exactly uniform sampler.</summary>
    private const double FalseFailureProbability = 1e-6;

    private static SettingSchedule HealthySchedule(int seed, int alphabet)
    {
        var source = new SeededEntropySource(seed);
        var monitor = new EntropyHealthMonitor(8.0);
        Assert.True(monitor.RunStartupTest(source, new byte[64]));
        return new SettingSchedule(source, monitor, 64, alphabet);
    }

    /// <summary>
    /// Chi-square goodness of fit of single settings (df = k - 1) and of consecutive pairs
    /// (df = k^2 - 1, which also sees dependence between neighbouring rounds, e.g. across the digits
    /// of one byte or across batch boundaries). Fixed seed; bounds are the chi-square critical
    /// values at false-failure probability 1e-6 each (computed, for df = 2 and df = 8, from the
    /// closed-form tail for even df). Batches of 120 rounds exercise the leftover-digit carry.
    /// </summary>
    [Fact]
    public void TryDraw_WhenAlphabetIsThree_PassesChiSquareForSinglesAndPairs()
    {
        const int seed = 20_240_611;
        const int k = 3;
        const int batches = 2_500;
        const int batch = 121; // not a multiple of 5: digits carry over between batches
        var schedule = HealthySchedule(seed, k);
        var settings = new byte[batch];
        var singles = new long[k];
        var pairs = new long[k * k];
        int previous = -1;
        long n = 0;

        for (int b = 0; b < batches; b++)
        {
            Assert.True(schedule.TryDraw(settings, batch));
            for (int i = 0; i < batch; i++)
            {
                int s = settings[i];
                singles[s]++;
                if (previous >= 0 && n % 2 == 1)
                    pairs[previous * k + s]++;
                previous = s;
                n++;
            }
        }

        double singleStatistic = ChiSquare.Statistic(singles, n / (double)k);
        double pairStatistic = ChiSquare.Statistic(pairs, pairs.Sum() / (double)(k * k));
        double singleBound = ChiSquare.CriticalValue(FalseFailureProbability, k - 1);
        double pairBound = ChiSquare.CriticalValue(FalseFailureProbability, k * k - 1);
        output.WriteLine($"seed {seed}: {n} settings; singles chi2 = {singleStatistic:F2} (bound {singleBound:F2}), pairs chi2 = {pairStatistic:F2} (bound {pairBound:F2})");

        Assert.True(singleStatistic < singleBound, $"singles chi2 {singleStatistic} >= {singleBound}");
        Assert.True(pairStatistic < pairBound, $"pairs chi2 {pairStatistic} >= {pairBound}");
    }

    [Fact]
    public void TryDraw_WhenMonitorHasNotPassedStartup_DrawsNothing()
    {
        var source = new SeededEntropySource(1);
        var schedule = new SettingSchedule(source, new EntropyHealthMonitor(8.0), 64, 3);

        Assert.False(schedule.TryDraw(new byte[10], 10));
        Assert.Equal(0, source.BytesServed);
    }

    [Fact]
    public void TryDraw_WhenSourceGetsStuck_FailsAndLatchesTheRepetitionCountTest()
    {
        var source = new StuckEntropySource(7, stuckValue: 0x5A);
        var monitor = new EntropyHealthMonitor(8.0);
        Assert.True(monitor.RunStartupTest(source, new byte[64]));
        var schedule = new SettingSchedule(source, monitor, 64, 2);
        var settings = new byte[100];
        Assert.True(schedule.TryDraw(settings, 100));

        source.Stuck = true;
        bool ok = true;
        for (int i = 0; i < 10 && ok; i++)
            ok = schedule.TryDraw(settings, 100);

        Assert.False(ok);
        Assert.Equal(HealthTestKind.RepetitionCount, monitor.Failure);
        Assert.False(schedule.TryDraw(settings, 1));
    }
}
