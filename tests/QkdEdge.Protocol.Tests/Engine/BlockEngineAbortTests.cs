using QkdEdge.Emulator.Optics;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Planes;
using QkdEdge.Protocol.Tests.Support;

namespace QkdEdge.Protocol.Tests.Engine;

/// <summary>
/// Abort paths of the block engine on emulated devices (fixed seeds). These need no efficient error
/// correction: every block here must end without key, at both stations, naming the same cause.
/// </summary>
public sealed class BlockEngineAbortTests
{
    // Expected statistics of the installed devices: visibility 0.99, perfect detectors (S = 2.80, Q = 0.5%).
    private static readonly EngineSettings Settings = new()
    {
        TestFraction = 0.2,
        ExpectedChsh = 2 * Math.Sqrt(2) * 0.99,
        ExpectedErrorRate = (1 - 0.99) / 2,
    };

    private const int Rounds = 300_000;

    [Theory]
    [InlineData(OpticsModelNames.LocalChshOptimal, 11UL)]
    [InlineData(OpticsModelNames.LocalKeyAiming, 12UL)]
    [InlineData(OpticsModelNames.MemoryOutputFeedback, 13UL)]
    [InlineData(OpticsModelNames.DetectorBlinding, 14UL)]
    public async Task RunAsync_WhenDevicesAreLocal_BothAbortOnTheChshTest(string model, ulong seed)
    {
        using var harness = new EngineHarness();
        var (alice, bob) = EmulatedBlocks.Generate(model, 0.99, Rounds, seed);
        var (a, b) = await harness.RunAsync(Settings, new ClearTextReconciliation(), alice, bob);

        Assert.Equal(BlockAbortCause.ChshTestFailed, a.Cause);
        Assert.Equal(BlockAbortCause.ChshTestFailed, b.Cause);
        // S = 8w - 4 and the win fraction's standard error is at most sqrt(1/4 / tests): local devices stay
        // within 2 + 5 standard errors of S.
        Assert.True(a.Chsh <= 2 + 5 * 8 * Math.Sqrt(0.25 / a.Tally!.BellTests), $"S = {a.Chsh}");
        Assert.Empty(harness.AliceStore.CommittedKeys());
        Assert.Empty(harness.BobStore.CommittedKeys());
    }

    [Fact]
    public async Task RunAsync_WhenTheBlockIsTheOtherRolesOrItsColumnsDiffer_RefusesBeforeAnyMessage()
    {
        using var harness = new EngineHarness();
        var engine = new BlockEngine(Protocols.ChshVaziraniVidick, Settings, harness.AliceStore, new ClearTextReconciliation());
        var (_, bob) = EmulatedBlocks.Generate(OpticsModelNames.Honest, 0.99, 1000, 22);
        var (channel, _) = InMemoryBlockChannel.CreatePair();
        var uneven = bob with { Clicks = ClickPlanes.FromBytes(new byte[999]) };

        var wrongRole = await Assert.ThrowsAsync<ArgumentException>(() => engine.RunAsync(StationRole.Alice, bob, channel, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => engine.RunAsync(StationRole.Bob, uneven, channel, CancellationToken.None));

        Assert.Contains("settings of 3 letters", wrongRole.Message);
    }

    [Fact]
    public async Task RunAsync_WhenNoiseExceedsTheInstalledDevices_BothAbortOnKeyAgreement()
    {
        // Visibility 0.90 gives Q = 5 % on key rounds against the expected 0.5 %. The agreement test is
        // evaluated after the CHSH test, so the CHSH expectation is set to one these devices (S = 2.55) meet.
        var lenient = Settings with { ExpectedChsh = 2.4 };
        using var harness = new EngineHarness();
        var (alice, bob) = EmulatedBlocks.Generate(OpticsModelNames.Honest, 0.90, Rounds, 21);
        var (a, b) = await harness.RunAsync(lenient, new ClearTextReconciliation(), alice, bob);

        Assert.Equal(BlockAbortCause.KeyAgreementFailed, a.Cause);
        Assert.Equal(BlockAbortCause.KeyAgreementFailed, b.Cause);
        Assert.Equal(a.Tally!.KeyErrors, b.Tally!.KeyErrors);
    }

    [Fact]
    public async Task RunAsync_WhenEveryRawBitIsDisclosed_BothAbortWithNonPositiveLength()
    {
        using var harness = new EngineHarness();
        var (alice, bob) = EmulatedBlocks.Generate(OpticsModelNames.Honest, 0.99, Rounds, 31);
        var (a, b) = await harness.RunAsync(Settings, new ClearTextReconciliation(), alice, bob);

        Assert.Equal(BlockAbortCause.KeyLengthNotPositive, a.Cause);
        Assert.Equal(BlockAbortCause.KeyLengthNotPositive, b.Cause);
        // Both stations charged the same leak: revealed outputs + every raw bit + the verification tag.
        Assert.Equal(a.LeakedBits, b.LeakedBits);
        Assert.True(a.LeakedBits > a.Tally!.RawKeyRounds + a.Tally.BellTests + a.Tally.KeyTests);
        Assert.Empty(harness.AliceStore.CommittedKeys());
        Assert.Empty(harness.BobStore.StagedBlocks());
    }

    [Theory]
    [InlineData(BlockMessageKind.TestSelection)]
    [InlineData(BlockMessageKind.Reveal)]
    [InlineData(BlockMessageKind.Syndrome)]
    public async Task RunAsync_WhenAMessageFailsAuthentication_BothAbortAsTamperedAndStoreNothing(BlockMessageKind tampered)
    {
        using var harness = new EngineHarness();
        var (alice, bob) = EmulatedBlocks.Generate(OpticsModelNames.Honest, 0.99, Rounds, 41);
        var (a, b) = await harness.RunAsync(Settings, new ClearTextReconciliation(), alice, bob, m => m.Kind == tampered ? null : m);

        Assert.Equal(BlockAbortCause.ChannelTampered, a.Cause);
        Assert.Equal(BlockAbortCause.ChannelTampered, b.Cause);
        Assert.Empty(harness.AliceStore.CommittedKeys());
        Assert.Empty(harness.BobStore.CommittedKeys());
        Assert.Empty(harness.AliceStore.StagedBlocks());
        Assert.Empty(harness.BobStore.StagedBlocks());
    }

    [Fact]
    public async Task RunAsync_WhenStationsHoldDifferentBlocks_BothAbortAsInconsistent()
    {
        using var harness = new EngineHarness();
        var (alice, _) = EmulatedBlocks.Generate(OpticsModelNames.Honest, 0.99, Rounds, 51, "block-7");
        var (_, bob) = EmulatedBlocks.Generate(OpticsModelNames.Honest, 0.99, Rounds, 51, "block-8");
        var (a, b) = await harness.RunAsync(Settings, new ClearTextReconciliation(), alice, bob);

        Assert.Equal(BlockAbortCause.Inconsistent, b.Cause);
        Assert.Equal(BlockAbortCause.PeerAborted, a.Cause);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(-64)]
    public async Task RunAsync_WhenAliceAnnouncesAnotherRoundCount_BothAbortAsInconsistent(int aliceExtra)
    {
        // Bob's own block bounds the count he accepts from Alice: a larger announcement is refused as it is decoded
        // (before anything is allocated for it), a smaller one when it is compared with his block.
        using var harness = new EngineHarness();
        var (alice, _) = EmulatedBlocks.Generate(OpticsModelNames.Honest, 0.99, Rounds + aliceExtra, 52, "block-7");
        var (_, bob) = EmulatedBlocks.Generate(OpticsModelNames.Honest, 0.99, Rounds, 52, "block-7");
        var (a, b) = await harness.RunAsync(Settings, new ClearTextReconciliation(), alice, bob);

        Assert.Equal(BlockAbortCause.Inconsistent, b.Cause);
        Assert.Contains((Rounds + aliceExtra).ToString(System.Globalization.CultureInfo.InvariantCulture), b.Detail, StringComparison.Ordinal);
        Assert.Equal(BlockAbortCause.PeerAborted, a.Cause);
        Assert.Empty(harness.AliceStore.StagedBlocks());
        Assert.Empty(harness.BobStore.StagedBlocks());
    }

    [Fact]
    public async Task RunAsync_WhenAlicesRevealIsMalformed_BobAbortsAndTellsAliceSoNeitherWaits()
    {
        using var harness = new EngineHarness();
        var (alice, bob) = EmulatedBlocks.Generate(OpticsModelNames.Honest, 0.99, Rounds, 61);
        // An authenticated but malformed Reveal (a peer bug, not an attacker): one byte short.
        var (a, b) = await harness.RunAsync(Settings, new ClearTextReconciliation(), alice, bob,
            m => m.Kind == BlockMessageKind.Reveal ? m with { Payload = m.Payload[..^1] } : m);

        Assert.Equal(BlockAbortCause.Inconsistent, b.Cause);
        Assert.Equal(BlockAbortCause.PeerAborted, a.Cause);
        Assert.Empty(harness.AliceStore.StagedBlocks());
        Assert.Empty(harness.BobStore.StagedBlocks());
    }
}
