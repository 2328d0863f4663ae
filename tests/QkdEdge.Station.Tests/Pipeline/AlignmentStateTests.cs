using QkdEdge.Alignment;
using QkdEdge.Station.Pipeline;

namespace QkdEdge.Station.Tests.Pipeline;

public sealed class AlignmentStateTests
{
    private const long Period = 800;

    [Fact]
    public void Align_WhenABlockSpansSeveralChunksAndBobMissesATrigger_PairsEveryRoundBobHasAcrossTheChunks()
    {
        // Three and a half chunks of Alice's rounds; Bob's board misses the trigger Alice numbers 300,000 (in the third
        // chunk), so from there Alice = Bob + 1. The clocks have different origins. Fixed seed for the jitter (1.5 ticks,
        // far inside the aligner's tolerance at an 800-tick period). Until the next chunk started after Bob's last paired
        // round, the round Bob numbers 393,215 (the shift's chunk offered it under the old offset; it pairs with Alice's
        // first round of the next chunk) was lost.
        int n = (3 * AlignmentState.ChunkRounds) + (AlignmentState.ChunkRounds / 2);
        const long missed = 300_000;
        var random = new Random(7);
        var alice = new BlockTags.Builder(n);
        var bob = new BlockTags.Builder(n);
        for (long k = 0; k < n; k++)
        {
            alice.Add(k, 10_000_000 + (k * Period) + Jitter(random));
            if (k != missed)
                bob.Add(k < missed ? k : k - 1, -5_000_000 + (k * Period) + Jitter(random));
        }

        var result = new AlignmentState().Align(alice.Build(), bob.Build());

        Assert.Equal(AlignmentStatus.Aligned, result.Status);
        Assert.Equal(n - 1, result.PairedRounds);
        Assert.Equal(
            [new AlignedRange(0, 0, missed), new AlignedRange(missed, missed + 1, n - missed - 1)],
            result.Ranges);
        Assert.Equal((0L, 1L), (result.RefusedBobRounds, result.UnpairedAliceRounds));
        Assert.Equal(missed, Assert.Single(result.Shifts).BobRound);
    }

    [Fact]
    public void Align_WhenGivenArrayBackedSeries_GivesWhatTheCompactFormGives()
    {
        int n = AlignmentState.ChunkRounds + 1000;
        var random = new Random(8);
        var rounds = new long[n];
        var aliceTags = new long[n];
        var bobTags = new long[n];
        for (int k = 0; k < n; k++)
        {
            rounds[k] = k;
            aliceTags[k] = (k * Period) + Jitter(random);
            bobTags[k] = 123 + (k * Period) + Jitter(random);
        }

        var arrays = new AlignmentState().Align(new TagSeries(rounds, aliceTags), new TagSeries(rounds, bobTags));
        var compact = new AlignmentState().Align(BlockTags.From(rounds, aliceTags), BlockTags.From(rounds, bobTags));

        Assert.Equal(n, compact.PairedRounds);
        Assert.Equal(compact.Ranges, arrays.Ranges);
        Assert.Equal(compact.Clock, arrays.Clock);
    }

    [Theory]
    [InlineData(9, 1000)]     // segments much smaller than a chunk: every chunk waits for many
    [InlineData(10, 1 << 17)] // segments of a chunk, as the station decodes them
    [InlineData(11, 50_000)]  // segment boundaries nowhere near the chunks'
    public async Task AlignAsync_WhenBobsTagsArriveInSegments_GivesWhatAligningTheWholeSeriesGives(int seed, int segmentRounds)
    {
        // Three and a half chunks; Bob's board misses two triggers (one inside a chunk, one right at a chunk boundary,
        // where a shift moves Bob's last offered round to the next chunk) and loses a stretch of 500 rounds.
        int n = (3 * AlignmentState.ChunkRounds) + (AlignmentState.ChunkRounds / 2);
        long[] missed = [200_000, 2L * AlignmentState.ChunkRounds];
        var random = new Random(seed);
        var alice = new BlockTags.Builder(n);
        var bob = new BlockTags.Builder(n);
        for (long k = 0; k < n; k++)
        {
            alice.Add(k, 10_000_000 + (k * Period) + Jitter(random));
            int behind = missed.Count(m => m < k);
            if (!missed.Contains(k) && k is not (>= 300_000 and < 300_500))
                bob.Add(k - behind, -5_000_000 + (k * Period) + Jitter(random));
        }

        var aliceTags = alice.Build();
        var bobTags = bob.Build();
        var expected = new AlignmentState().Align(aliceTags, bobTags);

        // A producer hands Bob's series over in segments while the aligner works.
        var streamed = new StreamedTags();
        var producing = Task.Run(async () =>
        {
            for (int start = 0; start < bobTags.Count; start += segmentRounds)
            {
                var segment = new BlockTags.Builder(segmentRounds);
                segment.AddRange(bobTags, start, Math.Min(bobTags.Count, start + segmentRounds));
                streamed.Add(segment.Build());
                if (start % (4 * segmentRounds) == 0)
                    await Task.Yield();
            }

            streamed.Complete();
        });
        var actual = await new AlignmentState().AlignAsync(aliceTags, streamed, CancellationToken.None);
        await producing;

        Assert.Equal(AlignmentStatus.Aligned, expected.Status);
        Assert.Equal(2, expected.Shifts.Count);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Ranges, actual.Ranges);
        Assert.Equal(expected.Shifts, actual.Shifts);
        Assert.Equal((expected.PairedRounds, expected.RefusedBobRounds, expected.UnpairedAliceRounds), (actual.PairedRounds, actual.RefusedBobRounds, actual.UnpairedAliceRounds));
        Assert.Equal(expected.Clock, actual.Clock);
        // Bob's rounds behind the last chunk were let go: what is held is the last chunk's share and a segment.
        Assert.InRange(streamed.HeldRounds, 1, AlignmentState.ChunkRounds + (2 * segmentRounds));
    }

    [Fact]
    public async Task AlignAsync_WhenBobsTagsFailMidway_ThrowsTheirError()
    {
        int n = 2 * AlignmentState.ChunkRounds;
        var alice = new BlockTags.Builder(n);
        var bob = new BlockTags.Builder(1000);
        for (long k = 0; k < n; k++)
            alice.Add(k, k * Period);
        for (long k = 0; k < 1000; k++)
            bob.Add(k, 7 + (k * Period));
        var streamed = new StreamedTags();
        streamed.Add(bob.Build());
        streamed.Complete(new FormatException("cut"));

        var ex = await Assert.ThrowsAsync<FormatException>(() => new AlignmentState().AlignAsync(alice.Build(), streamed, CancellationToken.None));

        Assert.Equal("cut", ex.Message);
    }

    private static long Jitter(Random random) => (long)Math.Round(1.5 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
