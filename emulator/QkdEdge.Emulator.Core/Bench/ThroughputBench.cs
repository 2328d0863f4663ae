using System.Diagnostics;
using QkdEdge.Emulator.Board;
using QkdEdge.Emulator.Configuration;
using QkdEdge.Emulator.Links;

namespace QkdEdge.Emulator.Bench;

/// <summary>
/// Measures the emulator's fast mode: boards autostarted on their firmware cores, the shared optics
/// model, every batch encoded into Rounds frames, and the frames dropped by a discard link. A warm-up
/// runs first (JIT tiers, caches), then the timed part. One thread: the figure is per core.
/// </summary>
public static class ThroughputBench
{
    /// <summary>Runs <paramref name="configuration"/> (autostart forced on) for <paramref name="rounds"/> rounds per board after <paramref name="warmupRounds"/>.</summary>
    public static BenchResult Run(EmulatorConfiguration configuration, long rounds, long warmupRounds)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rounds);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupRounds);
        var autostarted = new EmulatorConfiguration
        {
            Seed = configuration.Seed,
            BoardProfile = configuration.BoardProfile,
            Boards = configuration.Boards,
            Optics = configuration.Optics,
            Source = configuration.Source,
            Autostart = new AutostartOptions
            {
                Enabled = true,
                BatchSize = configuration.Autostart?.BatchSize,
                GateWidthTicks = configuration.Autostart?.GateWidthTicks,
            },
        };

        using var harness = BoardHarness.Create(RunPlan.Create(autostarted), new HarnessOptions
        {
            Links = static _ => EmulatedLink.Discard(),
            RecordGroundTruth = false,
        });
        harness.RunRounds(warmupRounds);

        long pulses0 = harness.PulsesEmitted;
        long rounds0 = harness.Boards.Sum(b => b.RoundsCompleted);
        long frames0 = harness.Boards.Sum(b => b.Link.FramesSent);
        long bytes0 = harness.Boards.Sum(b => b.Link.BytesSent);
        var watch = Stopwatch.StartNew();
        harness.RunRounds(warmupRounds + rounds);
        watch.Stop();

        return new BenchResult(
            harness.Boards.Count,
            harness.PulsesEmitted - pulses0,
            harness.Boards.Sum(b => b.RoundsCompleted) - rounds0,
            harness.Boards.Sum(b => b.Link.FramesSent) - frames0,
            harness.Boards.Sum(b => b.Link.BytesSent) - bytes0,
            watch.Elapsed.TotalSeconds);
    }
}
