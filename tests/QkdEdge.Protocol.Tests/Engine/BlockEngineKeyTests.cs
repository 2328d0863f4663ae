using QkdEdge.Emulator.Optics;
using QkdEdge.KeyStore;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Reconciliation;
using QkdEdge.Protocol.Tests.Support;
using QkdEdge.Security.FiniteKey;

namespace QkdEdge.Protocol.Tests.Engine;

/// <summary>
/// Honest devices (visibility 0.99, perfect detectors: S = 2.80, Q = 0.5 %) on blocks sized by the planner
/// from the security analysis. Fixed seeds.
/// </summary>
public sealed class BlockEngineKeyTests
{
    private static readonly EngineSettings Expected = new()
    {
        TestFraction = 0.1, // replaced by the planner's choice below
        ExpectedChsh = 2 * Math.Sqrt(2) * 0.99,
        ExpectedErrorRate = (1 - 0.99) / 2,
    };

    private static (EngineSettings Settings, int Rounds) Planned()
    {
        // Twice the smallest block the planner expects to give key, at reconciliation efficiency 1.3.
        long first = BlockPlanner.RoundsForKey(Protocols.ChshVaziraniVidick, Expected, 1.3)!.Value;
        int rounds = (int)(2 * first);
        double gamma = BlockPlanner.BestTestFraction(Protocols.ChshVaziraniVidick, Expected, rounds, 1.3);
        return (Expected with { TestFraction = gamma }, rounds);
    }

    [Fact]
    public async Task RunAsync_WhenDevicesAreHonest_BothStoresHoldTheSameKeyOfTheAnalysedLength()
    {
        var (settings, rounds) = Planned();
        using var harness = new EngineHarness();
        var (alice, bob) = EmulatedBlocks.Generate(OpticsModelNames.Honest, 0.99, rounds, 101);
        var (a, b) = await harness.RunAsync(settings, new LdpcReconciliation(), alice, bob);

        Assert.True(a.IsKey, $"Alice: {a.Cause} {a.Detail}");
        Assert.True(b.IsKey, $"Bob: {b.Cause} {b.Detail}");
        Assert.Equal(a.KeySha256, b.KeySha256);
        Assert.Equal(a.Key, b.Key);

        // The length is exactly what the finite-key analysis gives for this block's statistics and leak.
        var view = EntropyAccumulationView.For(Protocols.ChshVaziraniVidick, TestSelection.ExactProbability(settings.TestFraction),
            a.Tally!.BellTests, a.Tally.KeyTests, a.Tally.RawKeyRounds);
        var expected = FiniteKeyAnalysis.ComputeKeyLength(new KeyLengthRequest(view.KeptRounds, view.TestFraction,
            a.Thresholds!.ThresholdWinProbability, a.LeakedBits, settings.Security, settings.Analysis, a.Tally.BellWins));
        Assert.Equal(expected.KeyLengthBits, a.KeyBits);
        Assert.Equal(a.LeakedBits, b.LeakedBits);

        var aliceKey = Assert.Single(harness.AliceStore.CommittedKeys());
        var bobKey = Assert.Single(harness.BobStore.CommittedKeys());
        Assert.Equal(aliceKey.Sha256, bobKey.Sha256);
        Assert.Equal(a.KeyBits, aliceKey.Provenance.FinalLength);
        Assert.Equal("fw-alice", bobKey.Provenance.AliceFirmware);
        Assert.Equal("fw-bob", aliceKey.Provenance.BobFirmware);
        Assert.Equal(a.Tally.RawKeyRounds, aliceKey.Provenance.KeyRounds);
        Assert.True(aliceKey.Provenance.ChshLower < aliceKey.Provenance.Chsh && aliceKey.Provenance.Chsh < aliceKey.Provenance.ChshUpper);
        // What error correction cost is on the key's record, the same at both stations.
        foreach (var key in new[] { aliceKey, bobKey })
        {
            Assert.Equal(a.RawKeyBits, key.Provenance.Parameters["rawKeyBits"]);
            Assert.Equal(a.ErrorCorrectionBits, key.Provenance.Parameters["errorCorrectionBits"]);
            Assert.Equal(a.ReconciliationEfficiency, key.Provenance.Parameters[KeyProvenance.ReconciliationEfficiencyParameter], 12);
        }
    }

    [Fact]
    public async Task RunAsync_WhenAlicesCommitIsLost_BobKeepsTheStagedKeyAndSettlementCommitsIt()
    {
        var (settings, rounds) = Planned();
        using var harness = new EngineHarness();
        var (alice, bob) = EmulatedBlocks.Generate(OpticsModelNames.Honest, 0.99, rounds, 102);
        var (a, b) = await harness.RunAsync(settings, new LdpcReconciliation(), alice, bob, m => m.Kind == BlockMessageKind.Commit ? null : m);

        Assert.True(a.IsKey, $"Alice: {a.Cause} {a.Detail}");
        Assert.Equal(BlockAbortCause.SettlementPending, b.Cause);
        Assert.Equal(KeyState.Staged, harness.BobStore.StateOf("block-1"));

        var (aliceChannel, bobChannel) = InMemoryBlockChannel.CreatePair();
        await Task.WhenAll(KeySettlement.SettleAsAliceAsync(harness.AliceStore, aliceChannel, CancellationToken.None),
            KeySettlement.SettleAsBobAsync(harness.BobStore, bobChannel, CancellationToken.None));
        Assert.Equal(Assert.Single(harness.AliceStore.CommittedKeys()).Sha256, Assert.Single(harness.BobStore.CommittedKeys()).Sha256);
    }
}
