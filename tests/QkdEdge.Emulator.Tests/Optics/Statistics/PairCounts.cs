using QkdEdge.Emulator.Optics;
using QkdEdge.Emulator.Randomness;

namespace QkdEdge.Emulator.Tests.Optics.Statistics;

/// <summary>
/// Two-station counts of raw click patterns per setting pair, collected by running a model on
/// uniformly drawn settings; estimators for correlators, CHSH and error rates with their standard
/// errors, computed from the per-setting-pair counts as the acceptance criteria ask.
/// </summary>
internal sealed class PairCounts
{
    private const int Batch = 8192;
    private readonly long[] _counts; // flat [x, y, pattern A, pattern B]

    private PairCounts(int aliceSettings, int bobSettings)
    {
        AliceSettings = aliceSettings;
        BobSettings = bobSettings;
        _counts = new long[aliceSettings * bobSettings * 16];
    }

    public int AliceSettings { get; }

    public int BobSettings { get; }

    /// <summary>Runs <paramref name="rounds"/> pulses with settings drawn uniformly from a stream seeded by <paramref name="settingsSeed"/>.</summary>
    public static PairCounts Collect(IOpticsModel model, int aliceSettings, int bobSettings, long rounds, ulong settingsSeed)
    {
        var counts = new PairCounts(aliceSettings, bobSettings);
        var random = new Xoshiro256StarStar(settingsSeed);
        var settings = new[] { new byte[Batch], new byte[Batch] };
        var clicks = new[] { new byte[Batch], new byte[Batch] };
        for (long first = 0; first < rounds; first += Batch)
        {
            int count = (int)Math.Min(Batch, rounds - first);
            for (int i = 0; i < count; i++)
            {
                settings[0][i] = (byte)random.NextInt(aliceSettings);
                settings[1][i] = (byte)random.NextInt(bobSettings);
            }
            model.Measure(first, settings, clicks, count);
            for (int i = 0; i < count; i++)
                counts._counts[counts.Index(settings[0][i], settings[1][i], clicks[0][i], clicks[1][i])]++;
        }
        return counts;
    }

    private int Index(int x, int y, int patternA, int patternB) => ((x * BobSettings + y) * 4 + patternA) * 4 + patternB;

    public long Count(int x, int y, int patternA, int patternB) => _counts[Index(x, y, patternA, patternB)];

    public long Rounds(int x, int y)
    {
        long total = 0;
        for (int a = 0; a < 4; a++)
            for (int b = 0; b < 4; b++)
                total += _counts[Index(x, y, a, b)];
        return total;
    }

    /// <summary>E_xy = P(a = b) - P(a != b) over all rounds with binned outcomes; SE = sqrt((1 - E^2) / n).</summary>
    public Estimate Correlator(int x, int y, ClickBinning alice, ClickBinning bob)
    {
        long same = 0, total = 0;
        for (int a = 0; a < 4; a++)
            for (int b = 0; b < 4; b++)
            {
                long n = _counts[Index(x, y, a, b)];
                total += n;
                if (alice.Outcome((byte)a) == bob.Outcome((byte)b))
                    same += n;
            }
        return FromAgreement(same, total);
    }

    /// <summary>E_xy over the rounds where both stations had a single click (post-selection; not a valid DI estimate).</summary>
    public Estimate PostSelectedCorrelator(int x, int y)
    {
        long same = _counts[Index(x, y, 1, 1)] + _counts[Index(x, y, 2, 2)];
        long total = same + _counts[Index(x, y, 1, 2)] + _counts[Index(x, y, 2, 1)];
        return FromAgreement(same, total);
    }

    /// <summary>S = E00 + E01 + E10 - E11 with SE = sqrt(sum of the four correlators' variances).</summary>
    public Estimate Chsh(ClickBinning alice, ClickBinning bob) =>
        Combine(Correlator(0, 0, alice, bob), Correlator(0, 1, alice, bob), Correlator(1, 0, alice, bob), Correlator(1, 1, alice, bob));

    public Estimate Chsh() => Chsh(ClickBinning.Default, ClickBinning.Default);

    public Estimate PostSelectedChsh() =>
        Combine(PostSelectedCorrelator(0, 0), PostSelectedCorrelator(0, 1), PostSelectedCorrelator(1, 0), PostSelectedCorrelator(1, 1));

    /// <summary>P(a != b | x, y) with binned outcomes; SE = sqrt(p (1 - p) / n).</summary>
    public Estimate Disagreement(int x, int y, ClickBinning alice, ClickBinning bob)
    {
        var correlator = Correlator(x, y, alice, bob);
        return new Estimate((1 - correlator.Value) / 2, correlator.StandardError / 2);
    }

    public Estimate Disagreement(int x, int y) => Disagreement(x, y, ClickBinning.Default, ClickBinning.Default);

    /// <summary>Fraction of all rounds in which station <paramref name="station"/> shows <paramref name="pattern"/>.</summary>
    public Estimate PatternFraction(int station, int pattern)
    {
        long hits = 0, total = 0;
        for (int x = 0; x < AliceSettings; x++)
            for (int y = 0; y < BobSettings; y++)
                for (int a = 0; a < 4; a++)
                    for (int b = 0; b < 4; b++)
                    {
                        long n = _counts[Index(x, y, a, b)];
                        total += n;
                        if ((station == 0 ? a : b) == pattern)
                            hits += n;
                    }
        return Proportion(hits, total);
    }

    public static Estimate Proportion(long hits, long total)
    {
        double p = (double)hits / total;
        return new Estimate(p, Math.Sqrt(p * (1 - p) / total));
    }

    private static Estimate FromAgreement(long same, long total)
    {
        double e = (2.0 * same - total) / total;
        return new Estimate(e, Math.Sqrt((1 - e * e) / total));
    }

    private static Estimate Combine(Estimate e00, Estimate e01, Estimate e10, Estimate e11) => new(
        e00.Value + e01.Value + e10.Value - e11.Value,
        Math.Sqrt(Sq(e00.StandardError) + Sq(e01.StandardError) + Sq(e10.StandardError) + Sq(e11.StandardError)));

    private static double Sq(double x) => x * x;
}
