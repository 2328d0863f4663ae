using QkdEdge.Emulator.Tests.Optics.Statistics;
using QkdEdge.Emulator.Timing;
using Xunit.Abstractions;

namespace QkdEdge.Emulator.Tests.Timing;

/// <summary>
/// The timing model. Statistical checks use 5 standard errors; deterministic ones derive their bound
/// from the tick quantisation (a tag is the floor of the local time in ticks, so it is off by less than one tick).
/// </summary>
public sealed class StationTimingModelTests(ITestOutputHelper output)
{
    private const double Period = 1e-6; // 1 MHz pulse rate

    [Fact]
    public void Observe_WhenAskedInAnyOrder_ReturnsTheSameObservation()
    {
        var model = new StationTimingModel(Period, Noisy(), seed: 101);
        var forward = Enumerable.Range(0, 1000).Select(k => model.Observe(k)).ToArray();
        var backward = Enumerable.Range(0, 1000).Reverse().Select(k => model.Observe(k)).Reverse().ToArray();

        Assert.Equal(forward, backward);
    }

    [Fact]
    public void Observe_WhenClockOffsetAndDrift_TagsRevealThemToWithinOneTick()
    {
        var options = new StationTimingOptions { TickFrequencyHz = 80e6, ClockOffsetSeconds = 2.5e-3, ClockDriftPpm = 37 };
        var model = new StationTimingModel(Period, options, seed: 102);
        const long last = 10_000_000;
        long first = model.Observe(0).TimeTagTicks, final = model.Observe(last).TimeTagTicks;

        // Each tag is within one tick of the true local time, so offset and rate come out to within
        // one tick and two ticks over the span respectively.
        Assert.InRange(first / 80e6, 2.5e-3 - 1 / 80e6, 2.5e-3 + 1 / 80e6);
        double ticksPerPulse = (double)(final - first) / last;
        double drift = (ticksPerPulse / (Period * 80e6) - 1) * 1e6;
        double bound = 2.0 / (last * Period * 80e6) * 1e6;
        output.WriteLine($"estimated drift {drift:F4} ppm (bound +-{bound:F4})");
        Assert.InRange(drift, 37 - bound, 37 + bound);
    }

    [Fact]
    public void Observe_WhenTriggerJitter_LocalTimeSpreadMatchesRms()
    {
        const ulong seed = 103;
        const int pulses = 200_000;
        const double sigma = 2e-9;
        var model = new StationTimingModel(Period, new StationTimingOptions { TriggerJitterRmsSeconds = sigma }, seed);
        double sum = 0, sumSquares = 0;
        for (int k = 0; k < pulses; k++)
        {
            double deviation = model.Observe(k).LocalTimeSeconds - k * Period;
            sum += deviation;
            sumSquares += deviation * deviation;
        }
        double mean = sum / pulses;
        double rms = Math.Sqrt(sumSquares / pulses - mean * mean);
        // Sample standard deviation of n normals: standard error sigma / sqrt(2n).
        var estimate = new Estimate(rms, sigma / Math.Sqrt(2.0 * pulses));
        output.WriteLine($"seed {seed}: jitter rms {rms * 1e9:F4} ns +- {estimate.StandardError * 1e9:F4} ns");

        Assert.True(estimate.IsWithin(sigma), $"rms {estimate}");
        Assert.True(Math.Abs(mean) <= 5 * sigma / Math.Sqrt(pulses), $"mean {mean}");
    }

    [Fact]
    public void Observe_WhenTriggersMissed_FractionMatchesProbabilityAndNoGateOpens()
    {
        const ulong seed = 104;
        const int pulses = 1_000_000;
        var model = new StationTimingModel(Period, new StationTimingOptions { MissedTriggerProbability = 0.02 }, seed);
        long missed = 0;
        for (int k = 0; k < pulses; k++)
        {
            var observation = model.Observe(k);
            if (observation.TriggerSeen)
                continue;
            missed++;
            Assert.False(observation.ClickInsideGate);
        }
        var fraction = PairCounts.Proportion(missed, pulses);
        output.WriteLine($"seed {seed}: missed {fraction}");

        Assert.True(fraction.IsWithin(0.02), $"missed {fraction}");
    }

    [Fact]
    public void Advance_WhenTriggersMissed_HostRecoversPulseIndicesFromTimeTags()
    {
        // A host sees round indices and tags only. Consecutive tags of seen triggers differ by
        // (pulse gap) * period * rate * tick rate, up to jitter and one tick, so rounding the difference
        // to whole periods recovers the gap when jitter << period.
        var options = Noisy();
        var counter = new StationRoundCounter(new StationTimingModel(Period, options, seed: 105));
        double ticksPerPeriod = Period * options.TickFrequencyHz;
        long previousTag = -1, previousPulse = -1, recoveredPulse = -1;
        int gaps = 0;
        while (counter.NextPulse < 200_000)
        {
            if (!counter.Advance(out var observation, out long round))
                continue;
            Assert.Equal(observation.Pulse - counter.MissedTriggers, round);
            if (previousTag >= 0)
            {
                long gap = (long)Math.Round((observation.TimeTagTicks - previousTag) / ticksPerPeriod);
                recoveredPulse += gap;
                gaps += gap > 1 ? 1 : 0;
                Assert.Equal(observation.Pulse - previousPulse, gap);
            }
            else
            {
                recoveredPulse = observation.Pulse;
            }
            Assert.Equal(observation.Pulse, recoveredPulse);
            previousTag = observation.TimeTagTicks;
            previousPulse = observation.Pulse;
        }
        output.WriteLine($"{counter.MissedTriggers} missed triggers, {gaps} gaps recovered");
        Assert.True(counter.MissedTriggers > 0);
    }

    public static TheoryData<double, double, double, double, double> Gates => new()
    {
        // click offset, click jitter, trigger jitter, gate width (ns), P(inside) from the standard normal CDF
        { 0, 1, 0, 2, 0.682689492137 },      // P(|Z| <= 1)
        { 1, 1, 0, 2, 0.477249868052 },      // Phi(0) - Phi(-2)
        { 0, 0.8, 0.6, 4, 0.954499736104 },  // sigma = sqrt(0.8^2 + 0.6^2) = 1: P(|Z| <= 2)
        { 3, 0, 0, 4, 0.0 },                 // no jitter, offset beyond half the gate
    };

    [Theory]
    [MemberData(nameof(Gates))]
    public void Observe_WhenClickJitterAndGate_InsideFractionMatchesNormalClosedForm(
        double offsetNs, double clickJitterNs, double triggerJitterNs, double gateNs, double expected)
    {
        const ulong seed = 106;
        const int pulses = 1_000_000;
        var options = new StationTimingOptions
        {
            ClickOffsetSeconds = offsetNs * 1e-9,
            ClickJitterRmsSeconds = clickJitterNs * 1e-9,
            TriggerJitterRmsSeconds = triggerJitterNs * 1e-9,
            GateWidthSeconds = gateNs * 1e-9,
        };
        var model = new StationTimingModel(Period, options, seed);
        long inside = 0;
        for (int k = 0; k < pulses; k++)
            inside += model.Observe(k).ClickInsideGate ? 1 : 0;
        var fraction = PairCounts.Proportion(inside, pulses);
        output.WriteLine($"seed {seed}: inside {fraction}, expected {expected}");

        Assert.True(fraction.IsWithin(expected), $"inside {fraction}, expected {expected}");
    }

    [Fact]
    public void Constructor_WhenPeriodNotPositive_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StationTimingModel(0, new StationTimingOptions(), 1));
    }

    private static StationTimingOptions Noisy() => new()
    {
        TickFrequencyHz = 80e6,
        ClockOffsetSeconds = 1e-3,
        ClockDriftPpm = -25,
        TriggerJitterRmsSeconds = 2e-9,
        MissedTriggerProbability = 0.01,
        ClickJitterRmsSeconds = 0.5e-9,
        GateWidthSeconds = 3e-9,
    };
}
