using System.Diagnostics;
using QkdEdge.Emulator.Randomness;

namespace QkdEdge.Emulator.Optics;

/// <summary>
/// Throughput of the honest two-station optics alone, for the emulator's <c>bench</c> command: the
/// default Vazirani-Vidick model measures batches of pre-drawn uniform settings (drawing settings is
/// the boards' work, so it stays outside the timed loop).
/// </summary>
public static class OpticsBenchmark
{
    /// <summary>Rounds per batch: the size of a board batch in the fast in-memory mode.</summary>
    public const int BatchRounds = 4096;

    /// <summary>Runs <paramref name="rounds"/> rounds (rounded up to whole batches) and returns rounds per second of wall time.</summary>
    public static double MeasureRoundsPerSecond(long rounds, ulong seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rounds);
        var model = SourceDetectorModel.Create(OpticsPresets.VaziraniVidick(visibility: 0.95), seed);
        var settings = new[] { new byte[BatchRounds], new byte[BatchRounds] };
        var clicks = new[] { new byte[BatchRounds], new byte[BatchRounds] };
        var random = new Xoshiro256StarStar(SplitMix64.DeriveSeed(seed, 99));
        for (int i = 0; i < BatchRounds; i++)
        {
            settings[0][i] = (byte)random.NextInt(model.Distribution.Alphabet(0));
            settings[1][i] = (byte)random.NextInt(model.Distribution.Alphabet(1));
        }

        model.Measure(0, settings, clicks, BatchRounds); // warm-up: JIT and caches
        long batches = (rounds + BatchRounds - 1) / BatchRounds;
        var stopwatch = Stopwatch.StartNew();
        for (long batch = 0; batch < batches; batch++)
            model.Measure(batch * BatchRounds, settings, clicks, BatchRounds);
        stopwatch.Stop();
        return batches * BatchRounds / stopwatch.Elapsed.TotalSeconds;
    }
}
