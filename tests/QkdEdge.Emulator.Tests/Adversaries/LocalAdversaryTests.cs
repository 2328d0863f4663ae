using QkdEdge.Emulator.Optics;
using QkdEdge.Emulator.Tests.Optics.Statistics;
using Xunit.Abstractions;

namespace QkdEdge.Emulator.Tests.Adversaries;

/// <summary>
/// Every local adversary that does not know the settings in advance, over 10^6 rounds with uniform
/// Vazirani-Vidick settings and binned outcomes (no-click and double click -> 0). Bell's theorem bounds
/// the expected S by 2; the check allows 5 standard errors (from the per-setting-pair counts) above it.
/// Each model's statistics must also match the value derived in docs/emulator-models.md within 5 SE.
/// </summary>
public sealed class LocalAdversaryTests(ITestOutputHelper output)
{
    private const long Rounds = 1_000_000;

    public static TheoryData<string, double, double> LocalModels => new()
    {
        // name, expected S, expected P(a = b | 2, 1)
        { OpticsModelNames.LocalChshOptimal, 2.0, 0.5 },
        { OpticsModelNames.LocalKeyAiming, 2.0, 1.0 },
        { OpticsModelNames.MemorySynchronized, 2.0, 1.0 },
        { OpticsModelNames.MemoryOutputFeedback, 8.0 / 13, 17.0 / 26 },
        { OpticsModelNames.DetectorBlinding, 2.0 / 3 + Math.Sqrt(2) / 3, 0.75 },
    };

    [Theory]
    [MemberData(nameof(LocalModels))]
    public void Measure_WhenModelIsLocal_ChshStaysAtOrBelowLocalBound(string name, double expectedS, double expectedAgreement)
    {
        const ulong seed = 71;
        var counts = Collect(name, seed);
        var s = counts.Chsh();
        output.WriteLine($"{name}, seed {seed}: S = {s} (expected {expectedS:F5}, agreement {expectedAgreement:F5})");

        Assert.True(s.Value <= 2 + 5 * s.StandardError + 1e-12, $"S = {s}");
    }

    [Theory]
    [MemberData(nameof(LocalModels))]
    public void Measure_WhenModelIsLocal_ChshAndKeyAgreementMatchDerivedValues(string name, double expectedS, double expectedAgreement)
    {
        const ulong seed = 72;
        var counts = Collect(name, seed);
        var s = counts.Chsh();
        var disagreement = counts.Disagreement(2, 1);
        var agreement = new Estimate(1 - disagreement.Value, disagreement.StandardError);
        output.WriteLine($"{name}, seed {seed}: S = {s} (expected {expectedS:F5}), P(a=b|2,1) = {agreement} (expected {expectedAgreement:F5})");

        Assert.True(s.IsWithin(expectedS), $"S = {s}, expected {expectedS}");
        Assert.True(agreement.IsWithin(expectedAgreement), $"agreement = {agreement}, expected {expectedAgreement}");
    }

    [Theory]
    [InlineData(OpticsModelNames.LocalChshOptimal)]
    [InlineData(OpticsModelNames.LocalKeyAiming)]
    [InlineData(OpticsModelNames.MemorySynchronized)]
    [InlineData(OpticsModelNames.MemoryOutputFeedback)]
    [InlineData(OpticsModelNames.DetectorBlinding)]
    public void Measure_WhenFarStationsSettingsChange_OwnClicksAreIdentical(string name)
    {
        // Locality, sample by sample: with the same seed, a station's clicks depend only on its own settings.
        var random = new QkdEdge.Emulator.Randomness.Xoshiro256StarStar(73);
        const int count = 20_000;
        byte[] alice = new byte[count], bob = new byte[count], otherAlice = new byte[count], otherBob = new byte[count];
        for (int i = 0; i < count; i++)
        {
            alice[i] = (byte)random.NextInt(3);
            otherAlice[i] = (byte)random.NextInt(3);
            bob[i] = (byte)random.NextInt(2);
            otherBob[i] = (byte)random.NextInt(2);
        }

        var reference = Run(name, alice, bob);
        var bobChanged = Run(name, alice, otherBob);
        var aliceChanged = Run(name, otherAlice, bob);

        Assert.Equal(reference[0], bobChanged[0]);
        Assert.Equal(reference[1], aliceChanged[1]);
    }

    private static PairCounts Collect(string name, ulong seed) =>
        PairCounts.Collect(OpticsModelFactory.Create(OpticsPresets.VaziraniVidick(model: name), seed), 3, 2, Rounds, seed + 1000);

    private static byte[][] Run(string name, byte[] alice, byte[] bob)
    {
        var model = OpticsModelFactory.Create(OpticsPresets.VaziraniVidick(model: name), 74);
        var clicks = new[] { new byte[alice.Length], new byte[alice.Length] };
        model.Measure(0, [alice, bob], clicks, alice.Length);
        return clicks;
    }
}
