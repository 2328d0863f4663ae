using QkdEdge.Emulator.Adversaries;
using QkdEdge.Emulator.Optics;
using QkdEdge.Emulator.Randomness;
using QkdEdge.Emulator.Tests.Optics.Statistics;
using Xunit.Abstractions;

namespace QkdEdge.Emulator.Tests.Adversaries;

/// <summary>
/// The attacks that do show a violation (predictable settings, blinding under post-selection,
/// mixtures) and what the adversary knows. Statistical bounds: 5 standard errors from the
/// per-setting-pair counts.
/// </summary>
public sealed class AdversaryKnowledgeTests(ITestOutputHelper output)
{
    private const long Rounds = 1_000_000;
    private static readonly double Tsirelson = 2 * Math.Sqrt(2);

    [Fact]
    public void Measure_WhenSettingsPredictable_FakesTsirelsonViolationWithPerfectKeyAgreement()
    {
        const ulong seed = 81;
        var model = OpticsModelFactory.Create(OpticsPresets.VaziraniVidick(model: OpticsModelNames.PredictableSettings), seed);
        var counts = PairCounts.Collect(model, 3, 2, Rounds, seed + 1000);
        var s = counts.Chsh();
        var q = counts.Disagreement(2, 1);
        output.WriteLine($"seed {seed}: S = {s}, Q(2,1) = {q}");

        Assert.True(s.IsWithin(Tsirelson), $"S = {s}");
        Assert.Equal(0, q.Value);
    }

    [Fact]
    public void AdversaryKnownAliceBit_WhenSettingsPredictable_MatchesEveryAliceOutput()
    {
        var model = (PredictableSettingsModel)OpticsModelFactory.Create(OpticsPresets.VaziraniVidick(model: OpticsModelNames.PredictableSettings), 82);
        var (_, clicks) = RunBatch(model, 10_000, seed: 83);

        for (int i = 0; i < 10_000; i++)
            Assert.Equal(ClickPatterns.SingleClick(model.AdversaryKnownAliceBit(i)), clicks[0][i]);
    }

    [Fact]
    public void HiddenVariable_WhenKeyAimingBoxes_DeterminesEveryKeyRoundOutput()
    {
        var model = (LocalBoxesModel)OpticsModelFactory.Create(OpticsPresets.VaziraniVidick(model: OpticsModelNames.LocalKeyAiming), 84);
        var (settings, clicks) = RunBatch(model, 10_000, seed: 85);

        int keyRounds = 0;
        for (int i = 0; i < 10_000; i++)
        {
            if (settings[0][i] != 2 || settings[1][i] != 1)
                continue;
            keyRounds++;
            byte eve = ClickPatterns.SingleClick(OptimalClassicalStrategy.Bob(1, model.HiddenVariable(i)));
            Assert.Equal(eve, clicks[0][i]);
            Assert.Equal(eve, clicks[1][i]);
        }
        Assert.True(keyRounds > 1000); // 1/6 of 10^4 expected
    }

    [Fact]
    public void Answer_WhenAdversaryRunsACopyOfSynchronizedBox_PredictsEveryOutput()
    {
        const ulong register = 0x5EED;
        var model = new LocalBoxesModel([new SynchronizedMemoryBox(register), new SynchronizedMemoryBox(register)], [3, 2], tapeSeed: 1);
        var eve = new SynchronizedMemoryBox(register);
        var (_, clicks) = RunBatch(model, 10_000, seed: 86);

        int ones = 0;
        for (int i = 0; i < 10_000; i++)
        {
            byte predicted = eve.Answer(i, 0, 0);
            Assert.Equal(predicted, clicks[0][i]);
            Assert.Equal(predicted, clicks[1][i]);
            ones += predicted == ClickPatterns.Detector1 ? 1 : 0;
        }
        // The key looks random: 5 binomial standard errors (0.005 each) around one half.
        Assert.InRange(ones / 10_000.0, 0.475, 0.525);
    }

    [Fact]
    public void Measure_WhenBlindedDetectorsPostSelected_ShowTsirelsonViolationAndPerfectKey()
    {
        const ulong seed = 87;
        var model = OpticsModelFactory.Create(OpticsPresets.VaziraniVidick(model: OpticsModelNames.DetectorBlinding), seed);
        var counts = PairCounts.Collect(model, 3, 2, Rounds, seed + 1000);
        var postSelected = counts.PostSelectedChsh();
        var keyAgreement = counts.PostSelectedCorrelator(2, 1);
        var binned = counts.Chsh();
        output.WriteLine($"seed {seed}: post-selected S = {postSelected}, post-selected E(2,1) = {keyAgreement}, binned S = {binned}");

        Assert.True(postSelected.IsWithin(Tsirelson), $"post-selected S = {postSelected}");
        Assert.Equal(1, keyAgreement.Value);
        Assert.True(binned.Value <= 2 + 5 * binned.StandardError, $"binned S = {binned}");
    }

    [Fact]
    public void Measure_WhenBlindedDetectors_ClickRatesAreOneOverAlphabet()
    {
        const ulong seed = 88;
        var model = OpticsModelFactory.Create(OpticsPresets.VaziraniVidick(model: OpticsModelNames.DetectorBlinding), seed);
        var counts = PairCounts.Collect(model, 3, 2, Rounds, seed + 1000);
        var aliceDark = counts.PatternFraction(0, ClickPatterns.None);
        var bobDark = counts.PatternFraction(1, ClickPatterns.None);
        output.WriteLine($"seed {seed}: Alice no-click {aliceDark}, Bob no-click {bobDark}");

        // A station clicks only when its setting equals Eve's uniform guess: 1/3 for Alice, 1/2 for Bob.
        Assert.True(aliceDark.IsWithin(2.0 / 3), $"Alice no-click {aliceDark}");
        Assert.True(bobDark.IsWithin(0.5), $"Bob no-click {bobDark}");
    }

    public static TheoryData<double, double, string, double, double> Mixtures => new()
    {
        // f, v, attack, expected S = f 2 sqrt2 v + (1 - f) S_attack, expected P(a = b | 2, 1)
        { 0.5, 1.0, OpticsModelNames.LocalKeyAiming, 0.5 * Math.Sqrt(8) + 0.5 * 2, 1.0 },
        { 0.8, 0.95, OpticsModelNames.LocalChshOptimal, 0.8 * Math.Sqrt(8) * 0.95 + 0.2 * 2, 0.8 * (1 + 0.95) / 2 + 0.2 * 0.5 },
        { 0.3, 1.0, OpticsModelNames.DetectorBlinding, 0.3 * Math.Sqrt(8) + 0.7 * (2.0 / 3 + Math.Sqrt(2) / 3), 0.3 + 0.7 * 0.75 },
    };

    [Theory]
    [MemberData(nameof(Mixtures))]
    public void Measure_WhenMixture_StatisticsAreTheFractionWeightedMixture(
        double honestFraction, double visibility, string attack, double expectedS, double expectedAgreement)
    {
        const ulong seed = 89;
        var options = new OpticsOptions
        {
            Model = OpticsModelNames.Mixture, Visibility = visibility, HonestFraction = honestFraction, MixtureAttack = attack,
        };
        var counts = PairCounts.Collect(OpticsModelFactory.Create(options, seed), 3, 2, Rounds, seed + 1000);
        var s = counts.Chsh();
        var disagreement = counts.Disagreement(2, 1);
        var agreement = new Estimate(1 - disagreement.Value, disagreement.StandardError);
        output.WriteLine($"f = {honestFraction}, v = {visibility}, {attack}, seed {seed}: S = {s} (expected {expectedS:F5}), agreement {agreement} (expected {expectedAgreement:F5})");

        Assert.True(s.IsWithin(expectedS), $"S = {s}, expected {expectedS}");
        Assert.True(agreement.IsWithin(expectedAgreement), $"agreement = {agreement}, expected {expectedAgreement}");
    }

    [Fact]
    public void IsHonest_WhenManyPulses_FractionMatchesConfiguration()
    {
        var model = (MixtureModel)OpticsModelFactory.Create(new OpticsOptions { Model = OpticsModelNames.Mixture, HonestFraction = 0.3 }, 90);
        long honest = 0;
        for (long pulse = 0; pulse < Rounds; pulse++)
            honest += model.IsHonest(pulse) ? 1 : 0;
        var fraction = PairCounts.Proportion(honest, Rounds);

        Assert.True(fraction.IsWithin(0.3), $"honest fraction {fraction}");
    }

    private static (byte[][] Settings, byte[][] Clicks) RunBatch(IOpticsModel model, int count, ulong seed)
    {
        var random = new Xoshiro256StarStar(seed);
        var settings = new[] { new byte[count], new byte[count] };
        for (int i = 0; i < count; i++)
        {
            settings[0][i] = (byte)random.NextInt(3);
            settings[1][i] = (byte)random.NextInt(2);
        }
        var clicks = new[] { new byte[count], new byte[count] };
        model.Measure(0, settings, clicks, count);
        return (settings, clicks);
    }
}
