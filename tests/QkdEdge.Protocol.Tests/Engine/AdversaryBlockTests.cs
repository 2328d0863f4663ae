using QkdEdge.Emulator.Optics;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Reconciliation;
using QkdEdge.Protocol.Tests.Support;

namespace QkdEdge.Protocol.Tests.Engine;

/// <summary>
/// Every adversarial device model of the emulator that is local and does not know the settings in advance
/// must end every block with an abort naming the failed test and leave no key bit in either store
/// (docs/emulator-models.md). 20 seeds per model. The predictable-settings model is left out on purpose:
/// it breaks the device-independent assumption itself and no statistics can reveal it.
/// </summary>
public sealed class AdversaryBlockTests
{
    private static readonly EngineSettings Settings = new()
    {
        TestFraction = 0.05,
        ExpectedChsh = 2 * Math.Sqrt(2) * 0.99,
        ExpectedErrorRate = (1 - 0.99) / 2,
    };

    private const int Rounds = 1_000_000;

    public static TheoryData<string> LocalModels => new()
    {
        OpticsModelNames.LocalChshOptimal,
        OpticsModelNames.LocalKeyAiming,
        OpticsModelNames.MemorySynchronized,
        OpticsModelNames.MemoryOutputFeedback,
        OpticsModelNames.DetectorBlinding,
        OpticsModelNames.Mixture,
    };

    [Theory]
    [MemberData(nameof(LocalModels))]
    public async Task RunAsync_WhenDevicesAreAdversarial_EverySeedAbortsOnTheChshTestAndStoresNothing(string model)
    {
        using var harness = new EngineHarness();
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var (alice, bob) = EmulatedBlocks.Generate(model, 0.99, Rounds, seed * 7919, $"{model}-{seed}");
            var (a, b) = await harness.RunAsync(Settings, new LdpcReconciliation(), alice, bob);

            Assert.True(a.Cause == BlockAbortCause.ChshTestFailed, $"{model}, seed {seed}: Alice ended with {a.Cause} ({a.Detail})");
            Assert.True(b.Cause == BlockAbortCause.ChshTestFailed, $"{model}, seed {seed}: Bob ended with {b.Cause} ({b.Detail})");
            Assert.Contains("CHSH test", a.Detail);
        }
        Assert.Empty(harness.AliceStore.CommittedKeys());
        Assert.Empty(harness.BobStore.CommittedKeys());
        Assert.Empty(harness.AliceStore.StagedBlocks());
        Assert.Empty(harness.BobStore.StagedBlocks());
    }

    /// <summary>
    /// Devices that mix honest rounds with a key-aiming local attack (S = 2 + f (S_honest - 2), and a lower
    /// error rate) are placed four standard deviations of the win count below and above the threshold the
    /// analysis sets: below aborts on the CHSH test, above passes and yields a key of the analysed length.
    /// </summary>
    [Theory]
    [InlineData(-4.0, false)]
    [InlineData(+4.0, true)]
    public async Task RunAsync_WhenDevicesSitNearTheThreshold_BelowAbortsAndAboveGivesKey(double sigmas, bool key)
    {
        var protocol = Protocols.ChshVaziraniVidick;
        long first = BlockPlanner.RoundsForKey(protocol, Settings, 1.3)!.Value;
        int rounds = (int)(2 * first);
        var settings = Settings with { TestFraction = BlockPlanner.BestTestFraction(protocol, Settings, rounds, 1.3) };

        // Expected counts of this block: tested Bell rounds and the kept rounds the threshold is set for.
        double gamma = TestSelection.ExactProbability(settings.TestFraction);
        double bellTests = rounds * gamma * 4 / 6.0;
        var view = EntropyAccumulationView.For(protocol, gamma, (long)bellTests, (long)(rounds * gamma / 6), (long)(rounds * (1 - gamma) / 6));
        var thresholds = Security.FiniteKey.AbortThresholds.Derive(settings.ExpectedChsh, settings.ExpectedErrorRate, view.KeptRounds,
            view.TestFraction, settings.Security.Completeness, settings.KeyCompleteness);
        double pThreshold = thresholds.RequiredWins / bellTests;
        double w = pThreshold + sigmas * Math.Sqrt(pThreshold * (1 - pThreshold) / bellTests);
        double honestWin = 0.5 + 2 * Math.Sqrt(2) * 0.99 / 8;
        double fraction = (w - 0.75) / (honestWin - 0.75);

        using var harness = new EngineHarness();
        var options = new OpticsOptions { Model = OpticsModelNames.Mixture, Visibility = 0.99, HonestFraction = fraction, MixtureAttack = OpticsModelNames.LocalKeyAiming };
        var (alice, bob) = EmulatedBlocks.Generate(options, rounds, 977);
        var (a, b) = await harness.RunAsync(settings, new LdpcReconciliation(), alice, bob);

        if (key)
        {
            Assert.True(a.IsKey && b.IsKey, $"honest fraction {fraction:F4}: {a.Cause} {a.Detail}");
            Assert.Equal(a.KeySha256, b.KeySha256);
        }
        else
        {
            Assert.Equal(BlockAbortCause.ChshTestFailed, a.Cause);
            Assert.Equal(BlockAbortCause.ChshTestFailed, b.Cause);
            Assert.Empty(harness.AliceStore.CommittedKeys());
        }
    }
}
