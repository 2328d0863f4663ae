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
    public void Align_WhenTriggersAreMissedAtBothStationsEveryFewThousandRounds_PairsEveryRoundWithTheSameTrigger()
    {
        // Four chunks; each station misses a trigger with probability 2e-4 (about 210 in all, so every chunk is refused
        // by the fast path and aligned in pieces, some pieces holding two shifts), and Bob loses a stretch of 700
        // rounds. Fixed seed. Every pair must join the two stations' rounds of one trigger, every trigger both stations
        // kept must pair (but for at most one round per shift), and the shifts are the changes of index offset between
        // consecutive such triggers.
        int n = 4 * AlignmentState.ChunkRounds;
        var random = new Random(12);
        var alice = new BlockTags.Builder(n);
        var bob = new BlockTags.Builder(n);
        var aliceTrigger = new Dictionary<long, long>();
        var bobTrigger = new Dictionary<long, long>();
        long aliceRound = 0, bobRound = 0, both = 0, shifts = 0, offset = 0;
        for (long k = 0; k < n; k++)
        {
            bool aliceHas = random.NextDouble() >= 2e-4, bobHas = random.NextDouble() >= 2e-4;
            if (aliceHas)
            {
                aliceTrigger[aliceRound] = k;
                alice.Add(aliceRound++, 10_000_000 + (k * Period) + Jitter(random));
            }

            if (bobHas)
            {
                bool lost = k is >= 250_000 and < 250_700;
                if (!lost)
                {
                    bobTrigger[bobRound] = k;
                    bob.Add(bobRound, -5_000_000 + (k * Period) + Jitter(random));
                }

                if (aliceHas && !lost)
                {
                    both++;
                    shifts += aliceRound - 1 - bobRound != offset ? 1 : 0;
                    offset = aliceRound - 1 - bobRound;
                }

                bobRound++;
            }
        }

        var (aliceTags, bobTags) = (alice.Build(), bob.Build());
        var result = new AlignmentState().Align(aliceTags, bobTags);
        var whole = new AlignmentState(new AlignmentOptions { TrackLockedBlocks = false }).Align(aliceTags, bobTags);

        Assert.Equal(AlignmentStatus.Aligned, result.Status);
        Assert.Equal(shifts, result.Shifts.Count);
        foreach (var range in result.Ranges)
        {
            for (long i = 0; i < range.Count; i++)
                Assert.Equal(bobTrigger[range.BobFirst + i], aliceTrigger[range.AliceFirst + i]);
        }

        // Where a trigger is missed, the aligner may leave a round next to the shift unpaired rather than guess its side
        // (so may the full aligner on whole chunks, and it leaves more): at most one per shift.
        Assert.InRange(result.PairedRounds, both - shifts, both);
        Assert.True(result.PairedRounds >= whole.PairedRounds, $"pieces {result.PairedRounds}, whole chunks {whole.PairedRounds}");
    }

    [Fact]
    public void Align_WhenAPieceOfAChunkWithAShiftHoldsNoneOfBobsRounds_AlignsTheChunkWhole()
    {
        // Bob misses trigger 300,000 and loses rounds 305,000 to 312,999 in transfer: the pieces of Alice's rounds inside
        // that gap (8,000 rounds, wider than a piece) have nothing to pair, which fails as a piece; the chunk as a whole
        // aligns, as before pieces.
        int n = 3 * AlignmentState.ChunkRounds;
        const long missed = 300_000;
        var random = new Random(13);
        var alice = new BlockTags.Builder(n);
        var bob = new BlockTags.Builder(n);
        for (long k = 0; k < n; k++)
        {
            alice.Add(k, 10_000_000 + (k * Period) + Jitter(random));
            long round = k < missed ? k : k - 1;
            if (k != missed && round is < 305_000 or >= 313_000)
                bob.Add(round, -5_000_000 + (k * Period) + Jitter(random));
        }

        var result = new AlignmentState().Align(alice.Build(), bob.Build());

        Assert.Equal(AlignmentStatus.Aligned, result.Status);
        Assert.Equal(n - 1 - 8_000, result.PairedRounds);
        Assert.Equal(missed, Assert.Single(result.Shifts).BobRound);
        Assert.All(result.Ranges, r => Assert.Equal(r.BobFirst < missed ? 0 : 1, r.IndexOffset));
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
