using QkdEdge.Emulator.Optics;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Reconciliation;
using QkdEdge.Protocol.Tests.Support;

namespace QkdEdge.Protocol.Tests.Engine;

/// <summary>
/// The phases the engine reports to a station's status: every step once, in protocol order, error correction once per
/// round trip numbered from 1, and nothing past the step where a block aborts. Emulated devices, fixed seeds.
/// </summary>
public sealed class BlockEngineProgressTests
{
    private static readonly EngineSettings Settings = new()
    {
        TestFraction = 0.1,
        ExpectedChsh = 2 * Math.Sqrt(2) * 0.99,
        ExpectedErrorRate = (1 - 0.99) / 2,
    };

    private static readonly BlockPhase[] EveryPhase =
    [
        BlockPhase.TestSelection, BlockPhase.Reveals, BlockPhase.BellTest, BlockPhase.ErrorCorrection,
        BlockPhase.Verification, BlockPhase.PrivacyAmplification, BlockPhase.Commit,
    ];

    [Fact]
    public async Task RunAsync_WhenTheBlockGivesKey_BothReportEveryPhaseInOrder()
    {
        long rounds = 2 * BlockPlanner.RoundsForKey(Protocols.ChshVaziraniVidick, Settings, 1.3)!.Value;
        var settings = Settings with { TestFraction = BlockPlanner.BestTestFraction(Protocols.ChshVaziraniVidick, Settings, rounds, 1.3) };
        using var harness = new EngineHarness();
        var (alice, bob) = EmulatedBlocks.Generate(OpticsModelNames.Honest, 0.99, (int)rounds, 101);
        var aliceLog = new PhaseLog();
        var bobLog = new PhaseLog();

        var (a, b) = await harness.RunAsync(settings, new LdpcReconciliation(), alice, bob, aliceProgress: aliceLog, bobProgress: bobLog);

        Assert.True(a.IsKey && b.IsKey, $"{a.Cause} {a.Detail} / {b.Cause} {b.Detail}");
        Assert.Equal(EveryPhase, aliceLog.Phases);
        Assert.Equal(EveryPhase, bobLog.Phases);
        // One report per round trip, numbered 1, 2, ...: the same count at both ends, since each syndrome Alice sends
        // is one Bob answers.
        Assert.Equal(Enumerable.Range(1, aliceLog.RoundTrips.Count), aliceLog.RoundTrips);
        Assert.Equal(aliceLog.RoundTrips, bobLog.RoundTrips);
        Assert.All(aliceLog.Reports.Where(r => r.Phase != BlockPhase.ErrorCorrection), r => Assert.Equal(0, r.RoundTrip));

        // The block's reconciliation efficiency: the same disclosed bits and raw key at both ends, so the same f; within
        // the leak the analysis charged (which adds the revealed outputs and any dropped frame).
        Assert.Equal(a.RawKeyBits, b.RawKeyBits);
        Assert.Equal(a.ErrorCorrectionBits, b.ErrorCorrectionBits);
        Assert.Equal(a.Tally!.RawKeyRounds, a.RawKeyBits);
        Assert.InRange(a.ErrorCorrectionBits, 1, a.LeakedBits);
        double h = QkdEdge.Security.BinaryEntropy.Of(a.ErrorRate);
        Assert.Equal(a.ErrorCorrectionBits / (a.RawKeyBits * h), a.ReconciliationEfficiency, 12);
        Assert.Equal(a.ReconciliationEfficiency, b.ReconciliationEfficiency);
    }

    [Fact]
    public async Task RunAsync_WhenTheBellTestFails_NothingAfterItIsReported()
    {
        using var harness = new EngineHarness();
        var (alice, bob) = EmulatedBlocks.Generate(OpticsModelNames.LocalChshOptimal, 0.99, 300_000, 11);
        var aliceLog = new PhaseLog();
        var bobLog = new PhaseLog();

        var (a, b) = await harness.RunAsync(Settings with { TestFraction = 0.2 }, new ClearTextReconciliation(), alice, bob,
            aliceProgress: aliceLog, bobProgress: bobLog);

        Assert.Equal(BlockAbortCause.ChshTestFailed, a.Cause);
        Assert.Equal(BlockAbortCause.ChshTestFailed, b.Cause);
        Assert.Equal(EveryPhase[..3], aliceLog.Phases);
        Assert.Equal(EveryPhase[..3], bobLog.Phases);
        Assert.True(double.IsNaN(a.ReconciliationEfficiency) && double.IsNaN(b.ReconciliationEfficiency));
    }

    [Theory]
    [InlineData(BlockPhase.ErrorCorrection, 3, "error correction, round trip 3")]
    [InlineData(BlockPhase.BellTest, 0, "Bell test")]
    [InlineData(BlockPhase.PrivacyAmplification, 0, "privacy amplification")]
    public void ToString_NamesThePhaseForAnOperator(BlockPhase phase, int roundTrip, string expected)
    {
        Assert.Equal(expected, new PhaseProgress(phase, roundTrip).ToString());
    }
}
