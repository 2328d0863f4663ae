using QkdEdge.Alignment;

namespace QkdEdge.Host.Tests.Alignment;

/// <summary>One station's clock and trigger capture in the generated data.</summary>
public sealed record StationClock(
    long OffsetTicks,
    double DriftPpm,
    double JitterSigmaTicks,
    IReadOnlySet<long>? MissedTriggers = null,
    IReadOnlySet<long>? ExtraAfterTriggers = null,
    IReadOnlySet<long>? LostRounds = null);

/// <summary>
/// Seeded tag data after the model in docs/archive-format.md (section 8): a common pulse train (trigger k at k periods of
/// nominal ticks), each station tagging it with its own clock (offset, rate error in ppm, Gaussian jitter,
/// rounding to whole ticks) and counting the triggers it registers. A missed trigger gets no index, so later
/// indices shift down; an extra trigger gets an index and a tag between two real ones. Lost rounds (transfer
/// gaps) are registered but absent from the series. Written independently of the aligner: the truth it returns
/// (which trigger each round saw) is what the tests check pairings against.
/// </summary>
public static class TriggerTagGenerator
{
    public const double PeriodTicks = 800; // 10 us rounds on a 12.5 ns (80 MHz) tick

    /// <summary>The series and, per element, the trigger it tagged (-1 for an extra trigger).</summary>
    public sealed record Generated(TagSeries Series, long[] TriggerOfRound);

    public static Generated Generate(StationClock clock, long firstTrigger, long triggers, long firstRound, Random random)
    {
        var rounds = new List<long>();
        var tags = new List<long>();
        var truth = new List<long>();
        long round = firstRound;
        double rate = 1 + clock.DriftPpm * 1e-6;
        for (long k = firstTrigger; k < firstTrigger + triggers; k++)
        {
            if (clock.MissedTriggers?.Contains(k) != true)
            {
                Add(k, k, -0.0);
            }
            if (clock.ExtraAfterTriggers?.Contains(k) == true)
            {
                // A spurious trigger somewhere in the middle half between two pulses.
                Add(-1, k, 0.25 + 0.5 * random.NextDouble());
            }
        }
        return new Generated(new TagSeries(rounds.ToArray(), tags.ToArray()), truth.ToArray());

        void Add(long trigger, long after, double fraction)
        {
            double t = (after + fraction) * PeriodTicks * rate + clock.JitterSigmaTicks * Gaussian(random);
            if (clock.LostRounds?.Contains(round) != true)
            {
                rounds.Add(round);
                tags.Add(clock.OffsetTicks + (long)Math.Round(t));
                truth.Add(trigger);
            }
            round++;
        }
    }

    private static double Gaussian(Random random)
    {
        // Box-Muller; 1 - u keeps the logarithm finite.
        double u = 1 - random.NextDouble(), v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    /// <summary>Counts pairs in the result whose two rounds tagged different triggers (must be zero).</summary>
    public static long WrongPairs(AlignmentResult result, Generated alice, Generated bob)
    {
        long wrong = 0;
        foreach (var range in result.Ranges)
        {
            for (long n = 0; n < range.Count; n++)
            {
                int b = bob.Series.IndexOf(range.BobFirst + n);
                int a = alice.Series.IndexOf(range.AliceFirst + n);
                if (a < 0 || b < 0 || alice.TriggerOfRound[a] < 0 || alice.TriggerOfRound[a] != bob.TriggerOfRound[b])
                    wrong++;
            }
        }
        return wrong;
    }
}
