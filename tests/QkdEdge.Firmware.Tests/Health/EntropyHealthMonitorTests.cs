using QkdEdge.Firmware.Health;
using QkdEdge.Firmware.Tests.Fakes;

namespace QkdEdge.Firmware.Tests.Health;

public sealed class EntropyHealthMonitorTests
{
    /// <summary>
    /// A full-entropy source against the most sensitive cutoffs (claim H = 8 bits per byte: repetition
    /// cutoff 4, adaptive proportion cutoff from W = 1024 and p = 1/256). False-alarm probability of
    /// this fixed-seed run, by the union bound: repetition count 65,536 x 2^-24 (a run of 4 equal
    /// bytes) plus adaptive proportion 64 windows x 2^-20, about 0.4 %.
    /// </summary>
    [Fact]
    public void Feed_WhenSourceIsUniform_RaisesNoAlarm()
    {
        var source = new SeededEntropySource(424_242);
        var monitor = new EntropyHealthMonitor(8.0);
        var samples = new byte[65_536];
        Assert.True(monitor.RunStartupTest(source, new byte[64]));
        source.Fill(samples, 0, samples.Length);

        Assert.True(monitor.Feed(samples, 0, samples.Length));
        Assert.True(monitor.IsHealthy);
        Assert.Equal(HealthTestKind.None, monitor.Failure);
        Assert.Equal(4, monitor.RepetitionCutoff);
    }

    [Fact]
    public void Feed_WhenSourceIsStuck_FailsTheRepetitionCountAtItsCutoff()
    {
        var monitor = new EntropyHealthMonitor(1.0); // the ESP32 profile's claim: C = 21
        Assert.True(monitor.RunStartupTest(new SeededEntropySource(5), new byte[64]));
        var stuck = Enumerable.Repeat((byte)0xC3, 100).ToArray();
        stuck[0] = 0x3C; // a different byte first, so the run starts inside this buffer

        Assert.False(monitor.Feed(stuck, 0, stuck.Length));

        Assert.Equal(HealthTestKind.RepetitionCount, monitor.Failure);
        Assert.Equal(21, monitor.RepetitionCutoff);
        Assert.Equal(21, monitor.FailedCount);
        Assert.Equal(0xC3, monitor.FailedSample);
        Assert.False(monitor.IsHealthy);
    }

    /// <summary>
    /// A biased source that never repeats its favourite byte (so the repetition count test is blind
    /// to it): zeros make up 0.3 / 1.3 = 23 % of its output against 1/16 at the claimed H = 4. A window
    /// that opens with a zero holds about 236 zeros, far above the cutoff (about 105), and a window
    /// opens with a zero with probability 0.23; the chance that none of 200 windows does is 0.77^200,
    /// about 1e-23. Fixed seed.
    /// </summary>
    [Fact]
    public void Feed_WhenSourceIsBiasedWithoutRuns_FailsTheAdaptiveProportionTest()
    {
        var source = new NoRepeatBiasedEntropySource(99, bias: 0.3);
        var monitor = new EntropyHealthMonitor(4.0);
        var samples = new byte[200 * 1024];
        source.Fill(samples, 0, samples.Length);

        bool passed = monitor.RunStartupTest(new SeededEntropySource(3), new byte[64])
            && monitor.Feed(samples, 0, samples.Length);

        Assert.False(passed);
        Assert.Equal(HealthTestKind.AdaptiveProportion, monitor.Failure);
        Assert.Equal(0, monitor.FailedSample);
        Assert.Equal(monitor.ProportionCutoff, monitor.FailedCount);
    }

    [Fact]
    public void Feed_AfterAFailure_RefusesGoodSamplesUntilTheStartupTestPassesAgain()
    {
        var monitor = new EntropyHealthMonitor(8.0);
        var good = new SeededEntropySource(11);
        Assert.True(monitor.RunStartupTest(good, new byte[64]));
        Assert.False(monitor.Feed(new byte[8], 0, 8)); // eight zeros: a run of 8 >= 4
        var fresh = new byte[16];
        good.Fill(fresh, 0, fresh.Length);

        Assert.False(monitor.Feed(fresh, 0, fresh.Length));
        Assert.True(monitor.RunStartupTest(good, new byte[64]));
        Assert.True(monitor.Feed(fresh, 0, fresh.Length));
    }

    [Fact]
    public void RunStartupTest_WhenSourceIsStuck_Fails()
    {
        var monitor = new EntropyHealthMonitor(1.0);
        var stuck = new StuckEntropySource(1, 0x00) { Stuck = true };

        Assert.False(monitor.RunStartupTest(stuck, new byte[64]));
        Assert.Equal(HealthTestKind.RepetitionCount, monitor.Failure);
    }
}
