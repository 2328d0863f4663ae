using QkdEdge.Alignment;

namespace QkdEdge.Host.Tests.Alignment;

public sealed class ArithmeticFillTests
{
    [Theory]
    [InlineData(17L, 1L)]
    [InlineData(-5L, 800L)]
    [InlineData(123_456_789L, -3L)]
    [InlineData(long.MaxValue - 40, 7L)] // wraps past the largest value, as tag sums do
    [InlineData(long.MinValue + 3, long.MinValue / 3)]
    public void Fill_AtEveryLengthAcrossWholeVectorsAndTails_WritesWhatRepeatedAdditionGives(long first, long step)
    {
        for (int length = 0; length <= 21; length++)
        {
            var expected = new long[length];
            for (int k = 0; k < length; k++)
                expected[k] = k == 0 ? first : unchecked(expected[k - 1] + step);
            var into = Enumerable.Repeat(-1L, length + 2).ToArray();

            ArithmeticFill.Fill(into.AsSpan(1, length), first, step);

            Assert.Equal(expected, into[1..^1]);
            Assert.Equal(-1L, into[0]);
            Assert.Equal(-1L, into[^1]); // nothing written past the span
        }
    }

    [Fact]
    public void BlockTagsSlice_OnACleanSeriesWithGaps_GivesEveryIndexAndTagAtAnyCut()
    {
        // Every window's steps equal (the tags are filled, not decoded), runs of indices between gaps.
        const int n = 3 * 4096 + 77;
        var rounds = new long[n];
        var tags = new long[n];
        for (int i = 0; i < n; i++)
        {
            rounds[i] = i == 0 ? 1_000 : rounds[i - 1] + (i % 1_000 == 0 ? 3 : 1);
            tags[i] = 999_999 + (800L * i);
        }

        var block = BlockTags.From(rounds, tags);
        var random = new Random(7);
        for (int q = 0; q < 40; q++)
        {
            int start = random.Next(n + 1);
            int end = random.Next(start, n + 1);
            var slice = block.Slice(start, end);
            Assert.Equal(rounds[start..end], slice.Rounds.ToArray());
            Assert.Equal(tags[start..end], slice.Tags.ToArray());
        }
    }
}
