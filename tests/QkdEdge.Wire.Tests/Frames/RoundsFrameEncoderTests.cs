using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Wire.Tests.Frames;

public sealed class RoundsFrameEncoderTests
{
    [Theory]
    [InlineData(2, 2632)]
    [InlineData(3, 2192)]
    public void MaxRoundsPerFrame_WhenAlphabetIsTwoOrThree_MatchesSpecLimit(int k, int expected)
    {
        Assert.Equal(expected, RoundsFrameLayout.MaxRoundsPerFrame(k));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(17)]
    [InlineData(255)]
    public void MaxRoundsPerFrame_WhenComparedWithSpecFormula_IsTheLargestThatFits(int k)
    {
        // Section 6: the largest n with 25 + ceil(n/m) + ceil(n/4) <= 1012, found by counting up.
        int m = 0;
        while (Math.Pow(k, m + 1) <= 256)
            m++;
        int n = 0;
        while (25 + Ceil(n + 1, m) + Ceil(n + 1, 4) <= 1012)
            n++;
        Assert.Equal(n, RoundsFrameLayout.MaxRoundsPerFrame(k));
    }

    [Fact]
    public void WriteRounds_WhenBatchIsLargerThanAFrame_SplitsIntoFullFrames()
    {
        const int n = 5000;
        var tags = Enumerable.Range(0, n).Select(i => 100L * i).ToArray();
        var writer = new FrameWriter(1);
        var output = new byte[WireLimits.MaxWireFrameBytes];
        int first = writer.WriteRounds(0, 3, 100, new byte[n], new byte[n], tags, 0, n, output, 0, out int written);
        Assert.Equal(RoundsFrameLayout.MaxRoundsPerFrame(3), written);
        Assert.True(first <= WireLimits.MaxWireFrameBytes);
    }

    [Fact]
    public void WriteRounds_WhenEveryTagDeviates_StillFitsAndCarriesFewerRounds()
    {
        // Worst case for the exception list: every round deviates by a 10-byte varint.
        const int n = 2000;
        var random = new Random(5);
        var tags = new long[n];
        for (int i = 1; i < n; i++)
            tags[i] = tags[i - 1] + random.NextInt64(long.MinValue / 4, long.MaxValue / 4);
        var writer = new FrameWriter(1);
        var output = new byte[WireLimits.MaxWireFrameBytes];
        int length = writer.WriteRounds(0, 2, 100, new byte[n], new byte[n], tags, 0, n, output, 0, out int written);
        Assert.True(length <= WireLimits.MaxWireFrameBytes);
        Assert.InRange(written, 2, 100);
    }

    private static int Ceil(int a, int b) => (a + b - 1) / b;
}
