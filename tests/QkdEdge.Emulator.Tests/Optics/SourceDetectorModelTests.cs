using QkdEdge.Emulator.Optics;
using QkdEdge.Emulator.Tests.Optics.Statistics;
using Xunit.Abstractions;

namespace QkdEdge.Emulator.Tests.Optics;

/// <summary>
/// The honest model on the ideal-detector Vazirani-Vidick link. Statistical bounds: 5 standard errors,
/// computed from the per-setting-pair counts (two-sided false-failure probability below 1e-6 per check).
/// </summary>
public sealed class SourceDetectorModelTests(ITestOutputHelper output)
{
    private const long Rounds = 1_000_000;

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.95)]
    [InlineData(0.9)]
    public void Measure_WhenVisibilityVaries_ChshMatchesTwoSqrt2TimesVisibility(double visibility)
    {
        const ulong seed = 11;
        output.WriteLine($"seed {seed}, v = {visibility}");
        var model = SourceDetectorModel.Create(OpticsPresets.VaziraniVidick(visibility), seed);

        var counts = PairCounts.Collect(model, 3, 2, Rounds, seed + 1000);
        var s = counts.Chsh();
        output.WriteLine($"S = {s}, expected {2 * Math.Sqrt(2) * visibility:F5}");

        Assert.True(s.IsWithin(2 * Math.Sqrt(2) * visibility), $"S = {s}");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.95)]
    [InlineData(0.9)]
    public void Measure_WhenVisibilityVaries_KeyDisagreementMatchesHalfOfOneMinusVisibility(double visibility)
    {
        const ulong seed = 12;
        output.WriteLine($"seed {seed}, v = {visibility}");
        var model = SourceDetectorModel.Create(OpticsPresets.VaziraniVidick(visibility), seed);

        var counts = PairCounts.Collect(model, 3, 2, Rounds, seed + 1000);
        var q = counts.Disagreement(2, 1);
        output.WriteLine($"Q(2,1) = {q}, expected {(1 - visibility) / 2:F5}");

        Assert.True(q.IsWithin((1 - visibility) / 2), $"Q = {q}");
    }

    [Fact]
    public void Measure_WhenSameSeed_ReproducesClicksExactly()
    {
        var first = Run(seed: 5);
        var second = Run(seed: 5);
        var other = Run(seed: 6);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Measure_WhenBatchSplitDiffers_GivesSameClicks()
    {
        var settings = UniformSettings(1000, seed: 3);
        var whole = new[] { new byte[1000], new byte[1000] };
        SourceDetectorModel.Create(OpticsPresets.VaziraniVidick(0.9), 21).Measure(0, settings, whole, 1000);

        var pieces = SourceDetectorModel.Create(OpticsPresets.VaziraniVidick(0.9), 21);
        var split = new[] { new byte[1000], new byte[1000] };
        for (int first = 0; first < 1000; first += 125)
        {
            var s = new[] { settings[0][first..(first + 125)], settings[1][first..(first + 125)] };
            var c = new[] { new byte[125], new byte[125] };
            pieces.Measure(first, s, c, 125);
            c[0].CopyTo(split[0], first);
            c[1].CopyTo(split[1], first);
        }

        Assert.Equal(whole[0], split[0]);
        Assert.Equal(whole[1], split[1]);
    }

    [Fact]
    public void Measure_WhenSettingOutsideAlphabet_Throws()
    {
        var model = SourceDetectorModel.Create(OpticsPresets.VaziraniVidick(), 1);
        var settings = new[] { new byte[] { 0, 3 }, new byte[] { 0, 0 } };
        var clicks = new[] { new byte[2], new byte[2] };

        Assert.Throws<ArgumentOutOfRangeException>(() => model.Measure(0, settings, clicks, 2));
    }

    [Fact]
    public void Measure_WhenBuffersTooShort_Throws()
    {
        var model = SourceDetectorModel.Create(OpticsPresets.VaziraniVidick(), 1);
        var settings = new[] { new byte[4], new byte[4] };
        var clicks = new[] { new byte[4], new byte[2] };

        Assert.Throws<ArgumentException>(() => model.Measure(0, settings, clicks, 4));
    }

    [Fact]
    public void Measure_WhenDetectorsIdeal_EveryRoundIsASingleClick()
    {
        var model = SourceDetectorModel.Create(OpticsPresets.VaziraniVidick(0.9), 8);
        var counts = PairCounts.Collect(model, 3, 2, 100_000, 9);

        for (int station = 0; station < 2; station++)
        {
            Assert.Equal(0, counts.PatternFraction(station, ClickPatterns.None).Value);
            Assert.Equal(0, counts.PatternFraction(station, ClickPatterns.Both).Value);
        }
    }

    private static byte[] Run(ulong seed)
    {
        var model = SourceDetectorModel.Create(OpticsPresets.VaziraniVidick(0.9), seed);
        var settings = UniformSettings(4096, seed: 77);
        var clicks = new[] { new byte[4096], new byte[4096] };
        model.Measure(0, settings, clicks, 4096);
        return [.. clicks[0], .. clicks[1]];
    }

    private static byte[][] UniformSettings(int count, ulong seed)
    {
        var random = new QkdEdge.Emulator.Randomness.Xoshiro256StarStar(seed);
        var settings = new[] { new byte[count], new byte[count] };
        for (int i = 0; i < count; i++)
        {
            settings[0][i] = (byte)random.NextInt(3);
            settings[1][i] = (byte)random.NextInt(2);
        }
        return settings;
    }
}
