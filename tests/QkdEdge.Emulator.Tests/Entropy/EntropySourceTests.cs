using QkdEdge.Emulator.Entropy;
using QkdEdge.Emulator.Tests.Optics.Statistics;
using Xunit.Abstractions;

namespace QkdEdge.Emulator.Tests.Entropy;

/// <summary>
/// The emulated setting sources. Bias checks use 5 binomial standard errors of the measured fraction
/// of one bits (false-failure probability below 1e-6 per check).
/// </summary>
public sealed class EntropySourceTests(ITestOutputHelper output)
{
    private const int Bytes = 1 << 20;

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.3)]
    [InlineData(0.55)]
    [InlineData(0.9)]
    public void Fill_WhenBiased_OnesFractionMatchesConfiguredProbability(double probability)
    {
        const ulong seed = 91;
        var source = new BiasedEntropySource(seed, probability);
        var ones = OnesFraction(source);
        // The source realises p to 16 bits: round(p * 65536) / 65536.
        double realised = Math.Round(probability * 65536) / 65536;
        output.WriteLine($"seed {seed}, p = {probability}: ones {ones}");

        Assert.True(ones.IsWithin(realised), $"ones {ones}, configured {probability}");
    }

    [Fact]
    public void Fill_WhenBiased_EveryBitPositionCarriesTheBias()
    {
        const ulong seed = 92;
        var buffer = new byte[Bytes];
        new BiasedEntropySource(seed, 0.7).Fill(buffer, 0, buffer.Length);

        for (int bit = 0; bit < 8; bit++)
        {
            long ones = buffer.Count(b => ((b >> bit) & 1) == 1);
            var fraction = PairCounts.Proportion(ones, buffer.Length);
            Assert.True(fraction.IsWithin(Math.Round(0.7 * 65536) / 65536), $"bit {bit}: {fraction}");
        }
    }

    [Fact]
    public void Fill_WhenSeeded_IsBalancedAndReproducible()
    {
        const ulong seed = 93;
        var first = new byte[4096];
        var second = new byte[4096];
        new SeededEntropySource(seed).Fill(first, 0, first.Length);
        new SeededEntropySource(seed).Fill(second, 0, second.Length);
        var ones = OnesFraction(new SeededEntropySource(seed + 1));

        Assert.Equal(first, second);
        Assert.True(ones.IsWithin(0.5), $"ones {ones}");
    }

    [Fact]
    public void Fill_WhenSplitAtWordBoundaries_GivesTheSameStream()
    {
        // Whole 8-byte words come from one draw each: pieces that keep word alignment reproduce the stream.
        var whole = new byte[64];
        new SeededEntropySource(7).Fill(whole, 0, 64);
        var pieces = new byte[64];
        var source = new SeededEntropySource(7);
        source.Fill(pieces, 0, 16);
        source.Fill(pieces, 16, 48);

        Assert.Equal(whole, pieces);
    }

    [Fact]
    public void Fill_WhenStuck_DeliversHonestBytesThenTheStuckValueAcrossCalls()
    {
        const ulong seed = 94;
        var honest = new byte[1000];
        new SeededEntropySource(seed).Fill(honest, 0, honest.Length);
        var source = new StuckEntropySource(seed, stuckValue: 0xA5, stuckAfterBytes: 600);
        var delivered = new byte[1000];
        source.Fill(delivered, 0, 400);
        source.Fill(delivered, 400, 400); // crosses the onset at 600
        source.Fill(delivered, 800, 200);

        Assert.Equal(honest[..600], delivered[..600]);
        Assert.All(delivered[600..], b => Assert.Equal(0xA5, b));
    }

    [Fact]
    public void Fill_WhenStuckFromStart_IsConstant()
    {
        var buffer = new byte[256];
        new StuckEntropySource(1, stuckValue: 0, stuckAfterBytes: 0).Fill(buffer, 0, buffer.Length);

        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Predict_WhenAdversaryHoldsSeed_ReproducesEveryByte()
    {
        const ulong seed = 95;
        var source = new PredictableEntropySource(seed);
        var buffer = new byte[10_000];
        source.Fill(buffer, 0, 3333);
        source.Fill(buffer, 3333, 10_000 - 3333);

        for (int position = 0; position < buffer.Length; position++)
            Assert.Equal(PredictableEntropySource.Predict(seed, position), buffer[position]);
        Assert.Equal(10_000, source.Position);
    }

    [Fact]
    public void Fill_WhenPredictable_LooksBalanced()
    {
        // Statistics cannot tell a predictable source from an honest one.
        const ulong seed = 96;
        var ones = OnesFraction(new PredictableEntropySource(seed));
        output.WriteLine($"seed {seed}: ones {ones}");

        Assert.True(ones.IsWithin(0.5), $"ones {ones}");
    }

    [Theory]
    [InlineData(EntropySourceNames.Seeded, typeof(SeededEntropySource))]
    [InlineData(EntropySourceNames.Biased, typeof(BiasedEntropySource))]
    [InlineData(EntropySourceNames.Stuck, typeof(StuckEntropySource))]
    [InlineData(EntropySourceNames.Predictable, typeof(PredictableEntropySource))]
    public void Create_WhenNameKnown_BuildsThatSource(string name, Type expected)
    {
        Assert.IsType(expected, EntropySourceFactory.Create(new EntropySourceOptions { Kind = name }, 1));
    }

    [Fact]
    public void Create_WhenNameUnknown_Throws()
    {
        Assert.Throws<ArgumentException>(() => EntropySourceFactory.Create(new EntropySourceOptions { Kind = "quantum" }, 1));
    }

    [Fact]
    public void Fill_WhenRangeOutsideBuffer_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SeededEntropySource(1).Fill(new byte[8], 4, 5));
    }

    private static Estimate OnesFraction(QkdEdge.Firmware.Hardware.IEntropySource source)
    {
        var buffer = new byte[Bytes];
        source.Fill(buffer, 0, buffer.Length);
        long ones = 0;
        foreach (byte b in buffer)
            ones += int.PopCount(b);
        return PairCounts.Proportion(ones, 8L * Bytes);
    }
}
