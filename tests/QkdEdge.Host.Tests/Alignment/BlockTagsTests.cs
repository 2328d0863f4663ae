using CsCheck;
using QkdEdge.Alignment;

namespace QkdEdge.Host.Tests.Alignment;

public sealed class BlockTagsTests
{
    // Series of up to three checkpoint intervals (4096 rounds each): indices with occasional gaps, tags stepping by
    // about a period with jitter, and now and then a step no 32-bit number holds (either sign).
    private static readonly Gen<(long[] Rounds, long[] Tags)> Series =
        Gen.Select(Gen.Int[0, 3 * 4096 + 50], Gen.Long[-1_000_000, 1_000_000], Gen.Long[long.MinValue / 4, long.MaxValue / 4], Gen.Int[0, 1000])
            .Select(p =>
            {
                var (count, firstRound, firstTag, seed) = p;
                var random = new Random(seed);
                var rounds = new long[count];
                var tags = new long[count];
                for (int i = 0; i < count; i++)
                {
                    long gap = random.Next(50) == 0 ? random.Next(1, 1000) : 0;
                    rounds[i] = i == 0 ? firstRound : rounds[i - 1] + 1 + gap;
                    long step = random.Next(500) == 0 ? (random.Next(2) == 0 ? 1L : -1L) * (3L << 31) : (800 * (1 + gap)) + random.Next(-3, 4);
                    tags[i] = i == 0 ? firstTag : unchecked(tags[i - 1] + step);
                }

                return (rounds, tags);
            });

    [Fact]
    public void From_OnRandomSeries_GivesBackEveryIndexAndTagExactly()
    {
        Property.Check(Series, 150, seed: 91, input =>
        {
            var (rounds, tags) = input;
            var block = BlockTags.From(rounds, tags);

            Assert.Equal(rounds.Length, block.Count);
            var whole = block.ToSeries();
            Assert.Equal(rounds, whole.Rounds.ToArray());
            Assert.Equal(tags, whole.Tags.ToArray());
            for (int i = 0; i < rounds.Length; i += 1 + (i % 7))
                Assert.Equal((rounds[i], tags[i]), (block.RoundAt(i), block.TagAt(i)));
        });
    }

    [Fact]
    public void SliceAndLowerBound_OnRandomSeries_AgreeWithTheArrays()
    {
        Property.Check(Series.Where(s => s.Rounds.Length > 0), 150, seed: 92, input =>
        {
            var (rounds, tags) = input;
            var block = BlockTags.From(rounds, tags);
            var random = new Random(rounds.Length);
            TagSeries? previous = null;
            for (int q = 0; q < 20; q++)
            {
                int start = random.Next(rounds.Length + 1);
                int end = random.Next(start, rounds.Length + 1);
                var slice = block.Slice(start, end);
                Assert.Equal(rounds[start..end], slice.Rounds.ToArray());
                Assert.Equal(tags[start..end], slice.Tags.ToArray());
                // Written over the previous query's storage: the same series, and nothing of the old one shows through.
                var reused = block.Slice(start, end, previous);
                Assert.Equal(rounds[start..end], reused.Rounds.ToArray());
                Assert.Equal(tags[start..end], reused.Tags.ToArray());
                if (end < rounds.Length)
                    Assert.Equal(-1, reused.IndexOf(rounds[end]));
                previous = reused;

                long round = rounds[0] - 2 + (long)(random.NextDouble() * (rounds[^1] - rounds[0] + 4));
                int expected = Array.BinarySearch(rounds, round);
                int lowerBound = expected >= 0 ? expected : ~expected;
                Assert.Equal(lowerBound, block.LowerBound(round));
                Assert.Equal(expected >= 0 ? expected : -1, block.IndexOf(round));
            }
        });
    }

    [Fact]
    public void AddConsecutive_OnRandomSeriesCutIntoBatches_BuildsWhatAddBuildsRoundByRound()
    {
        Property.Check(Series, 150, seed: 93, input =>
        {
            var (rounds, tags) = input;
            var batched = new BlockTags.Builder(rounds.Length);
            var random = new Random(rounds.Length + 1);
            int i = 0;
            while (i < rounds.Length)
            {
                // A batch: consecutive indices only, up to 300 of them (a board's batch holds 120).
                int end = i + 1;
                int limit = i + random.Next(1, 300);
                while (end < rounds.Length && end < limit && rounds[end] == rounds[end - 1] + 1)
                    end++;
                batched.AddConsecutive(rounds[i], tags.AsSpan(i, end - i));
                i = end;
            }

            var expected = BlockTags.From(rounds, tags);
            var actual = batched.Build();
            Assert.Equal(expected.ToSeries().Rounds.ToArray(), actual.ToSeries().Rounds.ToArray());
            Assert.Equal(expected.ToSeries().Tags.ToArray(), actual.ToSeries().Tags.ToArray());
            Assert.Equal((expected.RunCount, expected.Bytes), (actual.RunCount, actual.Bytes));
        });
    }

    [Fact]
    public void PrefixAndAddRange_OnRandomSeries_HoldExactlyThoseRounds()
    {
        Property.Check(Series, 150, seed: 94, input =>
        {
            var (rounds, tags) = input;
            var block = BlockTags.From(rounds, tags);
            var random = new Random(rounds.Length + 2);
            int start = random.Next(rounds.Length + 1);
            int end = random.Next(start, rounds.Length + 1);

            var prefix = block.Prefix(end).ToSeries();
            var range = new BlockTags.Builder(end - start);
            range.AddRange(block, start, end);
            var copied = range.Build();

            Assert.Equal(rounds[..end], prefix.Rounds.ToArray());
            Assert.Equal(tags[..end], prefix.Tags.ToArray());
            Assert.Equal(rounds[start..end], copied.ToSeries().Rounds.ToArray());
            Assert.Equal(tags[start..end], copied.ToSeries().Tags.ToArray());
            Assert.Equal(BlockTags.From(rounds[start..end], tags[start..end]).RunCount, copied.RunCount);
            if (end > 0)
                Assert.Equal((rounds[end - 1], tags[end - 1]), (block.Prefix(end).RoundAt(end - 1), block.Prefix(end).TagAt(end - 1)));
        });
    }

    [Fact]
    public void IndicesOnly_OnRandomSeries_KeepsEveryIndexAndPosition_AndRefusesTheTags()
    {
        Property.Check(Series.Where(s => s.Rounds.Length > 0), 150, seed: 93, input =>
        {
            var (rounds, _) = input;
            var block = BlockTags.From(input.Rounds, input.Tags);
            var indices = block.IndicesOnly();
            var random = new Random(rounds.Length);

            Assert.False(indices.HasTags);
            Assert.Equal((block.Count, block.RunCount), (indices.Count, indices.RunCount));
            Assert.Equal(12L * block.RunCount, indices.Bytes); // the packed steps are gone
            for (int q = 0; q < 30; q++)
            {
                int i = random.Next(rounds.Length);
                long probe = rounds[i] + random.Next(-2, 3);
                Assert.Equal(rounds[i], indices.RoundAt(i));
                Assert.Equal(block.IndexOf(probe), indices.IndexOf(probe));
                Assert.Equal(block.LowerBound(probe), indices.LowerBound(probe));
                int end = random.Next(rounds.Length + 1);
                Assert.Equal(end == 0 ? 0 : rounds[end - 1], end == 0 ? 0 : indices.Prefix(end).RoundAt(end - 1));
            }

            var refused = Assert.Throws<InvalidOperationException>(() => indices.TagAt(0));
            Assert.Contains("time tags were released", refused.Message);
            Assert.Throws<InvalidOperationException>(() => indices.Slice(0, 1));
            Assert.True(block.HasTags);
            Assert.Equal(input.Tags[0], block.TagAt(0)); // the full form is untouched
        });
    }

    [Fact]
    public void Bytes_WhenTriggersArePeriodicWithJitter_AreAboutHalfAPerRound()
    {
        // Steps of 800 ticks with 0 to 4 ticks of jitter: 801 four times in five, 796 once. Distances from the typical
        // step (801) zigzag to 0 and 9, so 4 bits per step hold them all (1 bit with an escape every fifth step would
        // cost 64 bits each): a window of 4,096 rounds is 2,048 bytes of codes, plus its first tag and two array headers.
        const int n = 1 << 20;
        var builder = new BlockTags.Builder(n);
        for (int i = 0; i < n; i++)
            builder.Add(1000 + i, 5_000_000_000L + (800L * i) + (i % 5));
        var block = builder.Build();

        Assert.Equal(1, block.RunCount);
        Assert.InRange(block.Bytes, n / 2, (n / 2) + ((n / 4096) * (8 + 96)) + 64);
    }

    [Fact]
    public void From_WhenEveryStepIsArbitrary_KeepsThemExactly()
    {
        // No typical step at all: every width from 1 to 64 is as dear, and escapes, width-64 codes and codes that
        // straddle two words must all give the steps back.
        Property.Check(Gen.Int[1, 9000].Select(Gen.Long.Array[9000]), 40, seed: 95, input =>
        {
            var (count, steps) = input;
            var rounds = new long[count];
            var tags = new long[count];
            for (int i = 0; i < count; i++)
            {
                rounds[i] = i;
                tags[i] = i == 0 ? steps[0] : unchecked(tags[i - 1] + steps[i]);
            }

            var block = BlockTags.From(rounds, tags);
            Assert.Equal(tags, block.ToSeries().Tags.ToArray());
            Assert.Equal(tags[^1], block.TagAt(count - 1));
        });
    }

    [Fact]
    public void From_WhenEveryStepIsTheSame_HoldsNoCodes()
    {
        const int n = 3 * 4096;
        var tags = Enumerable.Range(0, n).Select(i => 17 + (1000L * i)).ToArray();
        var block = BlockTags.From(Enumerable.Range(5, n).Select(i => (long)i).ToArray(), tags);

        Assert.Equal(tags, block.ToSeries().Tags.ToArray());
        Assert.InRange(block.Bytes, 1, 3 * (8 + 96) + 12);
    }

    [Fact]
    public void AddSteady_BuildsWhatAddConsecutiveBuildsWithTheTagsWrittenOut()
    {
        // Steady stretches of every size around a window's 4,096 rounds, after jittered rounds or none, across gaps.
        Property.Check(Gen.Select(Gen.Int[0, 9000], Gen.Int[0, 20], Gen.Long[-50, 5000], Gen.Int[0, 1000]), 120, seed: 97, p =>
        {
            var (count, before, period, seed) = p;
            var random = new Random(seed);
            var steady = new BlockTags.Builder(count + before);
            var written = new BlockTags.Builder(count + before);
            long round = random.NextInt64(-1_000_000, 1_000_000), tag = random.NextInt64(long.MinValue, long.MaxValue);
            for (int k = 0; k < before; k++, round += 1 + random.Next(2))
            {
                tag = unchecked(tag + period + random.Next(-3, 4));
                steady.Add(round, tag);
                written.Add(round, tag);
            }

            steady.AddSteady(round, tag, count, period);
            var tags = new long[count];
            for (int k = 0; k < count; k++)
                tags[k] = unchecked(tag + (period * k));
            written.AddConsecutive(round, tags);

            var (a, b) = (steady.Build(), written.Build());
            Assert.Equal(b.Count, a.Count);
            Assert.Equal(b.Bytes, a.Bytes);
            Assert.Equal(b.ToSeries().Rounds.ToArray(), a.ToSeries().Rounds.ToArray());
            Assert.Equal(b.ToSeries().Tags.ToArray(), a.ToSeries().Tags.ToArray());
        });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(2048)]
    [InlineData(4095)]
    public void From_WhenOneStepOfASteadyWindowDiffers_KeepsItExactly(int position)
    {
        var tags = Enumerable.Range(0, 4096).Select(i => 17 + (1000L * i) + (i >= position ? 1 : 0)).ToArray();
        var block = BlockTags.From(Enumerable.Range(5, 4096).Select(i => (long)i).ToArray(), tags);

        Assert.Equal(tags, block.ToSeries().Tags.ToArray());
    }

    [Fact]
    public void Add_WhenIndicesDoNotIncrease_Throws()
    {
        var builder = new BlockTags.Builder(4);
        builder.Add(10, 0);

        Assert.Throws<ArgumentException>(() => builder.Add(10, 800));
        Assert.Throws<ArgumentException>(() => BlockTags.From([3, 2], [0, 0]));
        Assert.Throws<ArgumentException>(() => BlockTags.From([1, 2], [0]));
    }
}
