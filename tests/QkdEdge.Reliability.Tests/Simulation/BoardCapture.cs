using QkdEdge.Emulator.Board;
using QkdEdge.Emulator.Configuration;
using QkdEdge.Emulator.Optics;

namespace QkdEdge.Reliability.Tests.Simulation;

/// <summary>
/// One boot of both emulated boards on virtual time: they configure and start themselves (as a host would),
/// run a given number of rounds on the shared source, and everything each board wrote to its serial link
/// is captured. The same seed gives the same bytes, so a schedule can cut, corrupt and replay them exactly.
/// </summary>
internal static class BoardCapture
{
    /// <summary>Alice's and Bob's serial output for one boot of <paramref name="rounds"/> rounds (whole batches).</summary>
    public static (byte[] Alice, byte[] Bob) Run(ulong seed, long rounds, int batchSize, double visibility = 1)
    {
        var configuration = new EmulatorConfiguration
        {
            Seed = seed,
            Optics = OpticsPresets.VaziraniVidick(visibility),
            Autostart = new AutostartOptions { Enabled = true, BatchSize = batchSize },
        };
        using var harness = BoardHarness.Create(RunPlan.Create(configuration), new HarnessOptions { RecordGroundTruth = false });
        harness.RunRounds(rounds);
        harness.CompleteLinks();
        return (ReadAll(harness.Boards[0].Link.HostStream), ReadAll(harness.Boards[1].Link.HostStream));
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
