using QkdEdge.Alignment;

namespace QkdEdge.Host.Tests.Alignment;

/// <summary>
/// The aligner's fast path for blocks that continue a locked prior. It must give exactly what the full aligner gives
/// whenever it answers, and hand over every block with anything to decide. The data come from the seeded trigger
/// model (800 ticks per round, 2 ticks of jitter), blocks of 20,000 rounds as consecutive chunks of one run.
/// </summary>
public sealed class LockedTrackingTests
{
    private const int BlockRounds = 20_000;
    private static readonly AlignmentOptions FullOnly = new() { TrackLockedBlocks = false };
    private static readonly AlignmentOptions Defaults = new();

    [Theory]
    [InlineData(21, 0.0)]
    [InlineData(22, 7.5)]
    [InlineData(23, -12.0)]
    public void TryAlign_WhenBlocksContinueTheLockedLineWithLostRounds_AnswersExactlyWhatTheFullAlignerAnswers(int seed, double ppm)
    {
        // Rounds lost in transfer at either station (index gaps) are the one irregularity a continuation may hold.
        var random = new Random(seed);
        var aliceLost = RandomRounds(random, 6 * BlockRounds, 40);
        var bobLost = RandomRounds(random, 6 * BlockRounds, 40);
        var alice = TriggerTagGenerator.Generate(new StationClock(5_000_000_000, 3, 2.0, LostRounds: aliceLost), 0, 6 * BlockRounds, 0, random);
        var bob = TriggerTagGenerator.Generate(new StationClock(-77, 3 + ppm, 2.0, LostRounds: bobLost), 0, 6 * BlockRounds, 0, random);
        var prior = RoundAligner.Align(Block(alice, 0), Block(bob, 0), AlignmentPrior.ColdStart, FullOnly).Next;

        for (int block = 1; block < 6; block++)
        {
            var aliceBlock = Block(alice, block);
            var bobBlock = Block(bob, block);

            var tracked = LockedTracking.TryAlign(aliceBlock, bobBlock, prior, Defaults);
            var full = RoundAligner.Align(aliceBlock, bobBlock, prior, FullOnly);

            Assert.NotNull(tracked);
            Assert.Equal(AlignmentStatus.Aligned, full.Status);
            Assert.Equal(full.Ranges, tracked.Ranges);
            Assert.Equal(full.PairedRounds, tracked.PairedRounds);
            Assert.Equal(full.RefusedBobRounds, tracked.RefusedBobRounds);
            Assert.Equal(full.UnpairedAliceRounds, tracked.UnpairedAliceRounds);
            // The same pairs and the same least-squares code: the clock fit is the same to the last bit.
            Assert.Equal(full.Clock, tracked.Clock);
            Assert.Equal(full.Next, tracked.Next);
            Assert.Empty(tracked.Shifts);
            prior = tracked.Next;
        }
    }

    [Fact]
    public void TryAlign_WhenBobMissesTheFirstTriggerOfTheBlock_HandsTheBlockToTheFullAligner_WhichFindsTheShift()
    {
        var random = new Random(24);
        var alice = TriggerTagGenerator.Generate(new StationClock(10_000_000_000, -4, 2.0), 0, 2 * BlockRounds, 0, random);
        var bob = TriggerTagGenerator.Generate(new StationClock(-3, 6, 2.0, MissedTriggers: new HashSet<long> { BlockRounds }), 0, 2 * BlockRounds, 0, random);
        var prior = RoundAligner.Align(Block(alice, 0), Block(bob, 0), AlignmentPrior.ColdStart).Next;

        var tracked = LockedTracking.TryAlign(Block(alice, 1), Block(bob, 1), prior, Defaults);
        var result = RoundAligner.Align(Block(alice, 1), Block(bob, 1), prior);

        Assert.Null(tracked);
        Assert.Equal(1, result.Next.IndexOffset);
    }

    [Fact]
    public void TryAlign_WhenOneTagIsAnOutlier_HandsTheBlockToTheFullAligner_WhichRefusesOnlyThatRound()
    {
        var random = new Random(25);
        var alice = TriggerTagGenerator.Generate(new StationClock(0, 0, 2.0), 0, 2 * BlockRounds, 0, random);
        var bob = TriggerTagGenerator.Generate(new StationClock(0, 1, 2.0), 0, 2 * BlockRounds, 0, random);
        var prior = RoundAligner.Align(Block(alice, 0), Block(bob, 0), AlignmentPrior.ColdStart).Next;
        var bobBlock = Block(bob, 1);
        long[] tags = bobBlock.Tags.ToArray();
        tags[5_000] += 60; // far outside 6 sigma of the residual, far inside half a period
        var disturbed = new TagSeries(bobBlock.Rounds.ToArray(), tags);

        var tracked = LockedTracking.TryAlign(Block(alice, 1), disturbed, prior, Defaults);
        var result = RoundAligner.Align(Block(alice, 1), disturbed, prior);

        Assert.Null(tracked);
        Assert.Equal(BlockRounds - 1, result.PairedRounds);
        Assert.Equal(1, result.RefusedBobRounds);
    }

    [Fact]
    public void TryAlign_WhenThePriorTolerancesWouldLetAPairOnePeriodOffThrough_HandsTheBlockOver()
    {
        var random = new Random(26);
        var alice = TriggerTagGenerator.Generate(new StationClock(0, 0, 2.0), 0, 2 * BlockRounds, 0, random);
        var bob = TriggerTagGenerator.Generate(new StationClock(0, 1, 2.0), 0, 2 * BlockRounds, 0, random);
        var prior = RoundAligner.Align(Block(alice, 0), Block(bob, 0), AlignmentPrior.ColdStart).Next;
        // A residual spread of 40 ticks makes the window 6 * 40 = 240 ticks wide each way: more than a quarter period (200).
        var loose = prior with { Clock = prior.Clock! with { ResidualSigmaTicks = 40 } };

        Assert.NotNull(LockedTracking.TryAlign(Block(alice, 1), Block(bob, 1), prior, Defaults));
        Assert.Null(LockedTracking.TryAlign(Block(alice, 1), Block(bob, 1), loose, Defaults));
    }

    [Fact]
    public void TryAlign_WhenThePriorIsColdOrTooOldToExtrapolate_HandsTheBlockOver()
    {
        var random = new Random(27);
        var alice = TriggerTagGenerator.Generate(new StationClock(0, 0, 2.0), 0, BlockRounds, 0, random);
        var bob = TriggerTagGenerator.Generate(new StationClock(0, 10, 2.0), 0, BlockRounds, 0, random);
        var first = RoundAligner.Align(alice.Series, bob.Series, AlignmentPrior.ColdStart);
        const long later = 360_000_000; // an hour of 10 us triggers: the rate's allowed wander alone exceeds an eighth of a period
        var aliceLater = TriggerTagGenerator.Generate(new StationClock(0, 0, 2.0), later, BlockRounds, later, random);
        var bobLater = TriggerTagGenerator.Generate(new StationClock(0, 10, 2.0), later, BlockRounds, later, random);

        Assert.Null(LockedTracking.TryAlign(alice.Series, bob.Series, AlignmentPrior.ColdStart, Defaults));
        Assert.Null(LockedTracking.TryAlign(aliceLater.Series, bobLater.Series, first.Next, Defaults));
    }

    /// <summary>Rounds [block * BlockRounds, (block + 1) * BlockRounds) of a generated run.</summary>
    private static TagSeries Block(TriggerTagGenerator.Generated all, int block)
    {
        var rounds = new List<long>();
        var tags = new List<long>();
        for (int i = 0; i < all.Series.Count; i++)
        {
            long r = all.Series.Rounds[i];
            if (r >= (long)block * BlockRounds && r < (long)(block + 1) * BlockRounds)
            {
                rounds.Add(r);
                tags.Add(all.Series.Tags[i]);
            }
        }

        return new TagSeries([.. rounds], [.. tags]);
    }

    private static HashSet<long> RandomRounds(Random random, int range, int count)
    {
        var rounds = new HashSet<long>();
        while (rounds.Count < count)
            rounds.Add(random.Next(range));
        return rounds;
    }
}
