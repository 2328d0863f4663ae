using QkdEdge.Emulator.Board;
using QkdEdge.Emulator.Configuration;
using QkdEdge.Emulator.Entropy;
using QkdEdge.Emulator.Optics;
using QkdEdge.Emulator.Timing;

namespace QkdEdge.Emulator.Tests.Board.Support;

/// <summary>Small builders for harness tests: autostarted runs on the reference board profile.</summary>
internal static class TestRuns
{
    public static EmulatorConfiguration Autostarted(ulong seed, OpticsOptions? optics = null,
        StationTimingOptions? aliceTiming = null, StationTimingOptions? bobTiming = null,
        EntropySourceOptions? aliceEntropy = null, SourceStart start = SourceStart.AllBoardsRunning, bool autostart = true) => new()
    {
        Seed = seed,
        Optics = optics ?? new OpticsOptions(),
        Boards =
        [
            new BoardOptions { Timing = aliceTiming ?? new StationTimingOptions(), Entropy = aliceEntropy ?? new EntropySourceOptions() },
            new BoardOptions { Timing = bobTiming ?? new StationTimingOptions() },
        ],
        Source = new SourceOptions { StartWhen = start },
        Autostart = new AutostartOptions { Enabled = autostart },
    };

    /// <summary>Runs <paramref name="configuration"/> until every board has <paramref name="rounds"/> rounds (or halted), then closes the links.</summary>
    public static BoardHarness Run(EmulatorConfiguration configuration, long rounds)
    {
        var harness = BoardHarness.Create(RunPlan.Create(configuration));
        harness.RunRounds(rounds);
        harness.CompleteLinks();
        return harness;
    }

    /// <summary>Everything board <paramref name="index"/> sent, as raw bytes.</summary>
    public static byte[] HostBytes(BoardHarness harness, int index)
    {
        using var copy = new MemoryStream();
        harness.Boards[index].Link.HostStream.CopyTo(copy);
        return copy.ToArray();
    }
}
