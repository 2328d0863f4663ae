using QkdEdge.Alignment;
using Xunit.Abstractions;

namespace QkdEdge.Host.Tests.Alignment;

public sealed class RoundAlignerTests(ITestOutputHelper output)
{
    private const int Rounds = 100_000;
    private const double Jitter = 2.0;

    private static StationClock Clock(long offset, double ppm, IReadOnlySet<long>? missed = null, IReadOnlySet<long>? extra = null, IReadOnlySet<long>? lost = null) =>
        new(offset, ppm, Jitter, missed, extra, lost);

    [Theory]
    [InlineData(-10.0, 1)]
    [InlineData(-3.3, 2)]
    [InlineData(-0.01, 3)]
    [InlineData(0.0, 4)]
    [InlineData(0.01, 5)]
    [InlineData(1.0, 6)]
    [InlineData(10.0, 7)]
    public void Align_WhenClocksDifferByUpToTenPpmFromColdStart_EstimatesOffsetAndRateWithinFiveStandardErrors(double rateDifferencePpm, int seed)
    {
        var random = new Random(seed);
        double aliceDrift = random.NextDouble() * 10 - 5;
        double bobDrift = (1 + aliceDrift * 1e-6) * (1 + rateDifferencePpm * 1e-6) / 1e-6 - 1e6; // Bob's rate over Alice's is exactly 1 + rateDifferencePpm
        var aliceClock = Clock(random.NextInt64(-(1L << 60), 1L << 60), aliceDrift);
        var bobClock = Clock(random.NextInt64(-(1L << 60), 1L << 60), bobDrift);
        long firstTrigger = random.Next(0, 1_000_000);
        var alice = TriggerTagGenerator.Generate(aliceClock, firstTrigger, Rounds, 0, random);
        var bob = TriggerTagGenerator.Generate(bobClock, firstTrigger, Rounds, 0, random);

        var result = RoundAligner.Align(alice.Series, bob.Series, AlignmentPrior.ColdStart);

        // Truth: tB - tA = offB - b*offA + (b - 1)*tA with b = (1 + dB)/(1 + dA); the fit reports it at tA of Alice's first round.
        double b = (1 + bobDrift * 1e-6) / (1 + aliceDrift * 1e-6);
        // At x0, tB - tA = (offB - offA) + (b - 1)(x0 - offA): the first term in exact 64-bit integers, the second small.
        long x0 = alice.Series.Tags[0];
        long wholeTruth = bobClock.OffsetTicks - aliceClock.OffsetTicks;
        double smallTruth = (b - 1) * (x0 - aliceClock.OffsetTicks);
        // Theory of the least-squares errors: residual variance = both tags' jitter plus rounding (1/12 tick^2 each);
        // Sxx = N(N^2-1)/12 periods^2; the offset at the first round has SE = sigma*sqrt(1/N + xbar^2/Sxx) = 2 sigma/sqrt(N).
        double sigma = Math.Sqrt(2 * (Jitter * Jitter + 1.0 / 12));
        double period = TriggerTagGenerator.PeriodTicks * (1 + aliceDrift * 1e-6);
        double sxx = (double)Rounds * ((double)Rounds * Rounds - 1) / 12 * period * period;
        double rateSe = sigma / Math.Sqrt(sxx);
        double offsetSe = 2 * sigma / Math.Sqrt(Rounds);
        var clock = result.Clock!;
        double offsetError = (clock.OffsetWholeTicks - wholeTruth) + clock.OffsetFractionTicks - smallTruth;
        double rateError = clock.RateDifference - (b - 1);
        output.WriteLine($"seed {seed}: rate {clock.RateDifferencePpm:F6} ppm (true {(b - 1) * 1e6:F6}, error {rateError / rateSe:F2} SE), offset error {offsetError:F3} ticks ({offsetError / offsetSe:F2} SE), residual sigma {clock.ResidualSigmaTicks:F3}");

        Assert.Equal(AlignmentStatus.Aligned, result.Status);
        Assert.Equal(Rounds, result.PairedRounds);
        Assert.Equal(0, TriggerTagGenerator.WrongPairs(result, alice, bob));
        Assert.True(Math.Abs(rateError) <= 5 * rateSe, $"rate off by {rateError / rateSe:F1} standard errors");
        Assert.True(Math.Abs(offsetError) <= 5 * offsetSe, $"offset off by {offsetError / offsetSe:F1} standard errors");
        // The reported uncertainties must be the theory's: sigma is estimated from 10^5 residuals (relative error
        // about 0.2%), so 10% is a loose bound that still catches a wrong formula.
        Assert.InRange(clock.RateStandardError / rateSe, 0.9, 1.1);
        Assert.InRange(clock.OffsetStandardError / offsetSe, 0.9, 1.1);
    }

    [Fact]
    public void Align_WhenBobSkipsOneTriggerMidBlock_DetectsTheShiftAndNeverPairsMisalignedRounds()
    {
        var random = new Random(11);
        long missed = 40_000 + random.Next(20_000);
        var alice = TriggerTagGenerator.Generate(Clock(123_456_789, 3), 0, Rounds, 0, random);
        var bob = TriggerTagGenerator.Generate(Clock(-987_654_321, -7, missed: new HashSet<long> { missed }), 0, Rounds, 0, random);

        var result = RoundAligner.Align(alice.Series, bob.Series, AlignmentPrior.ColdStart);

        Assert.Equal(AlignmentStatus.Aligned, result.Status);
        Assert.Equal(0, TriggerTagGenerator.WrongPairs(result, alice, bob));
        var shift = Assert.Single(result.Shifts);
        // Bob's round 'missed' is the trigger after the one he missed: from there, Alice's index is one higher.
        Assert.Equal(new IndexShift(missed, 0, 1, Realigned: true), shift);
        Assert.Equal(0, result.RefusedBobRounds);
        Assert.Equal(1, result.UnpairedAliceRounds); // the round of the trigger Bob missed
        Assert.Equal(1, result.Next.IndexOffset);
    }

    [Fact]
    public void Align_WhenRealignIsOff_RefusesEveryRoundAfterTheShiftAndPairsNoneWrongly()
    {
        var random = new Random(12);
        const long missed = 30_000;
        var alice = TriggerTagGenerator.Generate(Clock(5_000, 0.5), 0, Rounds, 0, random);
        var bob = TriggerTagGenerator.Generate(Clock(9_000_000, -0.5, missed: new HashSet<long> { missed }), 0, Rounds, 0, random);

        var result = RoundAligner.Align(alice.Series, bob.Series, AlignmentPrior.ColdStart, new AlignmentOptions { Realign = false });

        Assert.Equal(0, TriggerTagGenerator.WrongPairs(result, alice, bob));
        Assert.Equal(missed, result.PairedRounds);
        Assert.Equal(Rounds - 1 - missed, result.RefusedBobRounds);
        Assert.False(Assert.Single(result.Shifts).Realigned);
        Assert.Equal(1, result.Next.IndexOffset);
    }

    [Fact]
    public void Align_WhenAliceMissesATriggerAndBobCountsAnExtraOne_PairsAllOtherRounds()
    {
        var random = new Random(13);
        var alice = TriggerTagGenerator.Generate(Clock(77, 8, missed: new HashSet<long> { 25_000 }), 0, Rounds, 0, random);
        var bob = TriggerTagGenerator.Generate(Clock(-77, -1, extra: new HashSet<long> { 70_000 }), 0, Rounds, 0, random);

        var result = RoundAligner.Align(alice.Series, bob.Series, AlignmentPrior.ColdStart);

        Assert.Equal(0, TriggerTagGenerator.WrongPairs(result, alice, bob));
        // Bob refuses the round of the trigger Alice missed and his spurious round; everything else pairs.
        Assert.Equal(2, result.RefusedBobRounds);
        Assert.Equal(Rounds - 1, result.PairedRounds);
        // Alice's miss lowers her later indices by one; Bob's extra raises his: Alice's round = Bob's round - 2 at the end.
        Assert.Equal([-1L, -2L], result.Shifts.Select(s => s.ToOffset));
    }

    [Fact]
    public void Align_WhenBothStationsLoseDifferentRounds_PairsExactlyTheRoundsBothHave()
    {
        var random = new Random(14);
        var aliceLost = Enumerable.Range(0, 300).Select(_ => (long)random.Next(Rounds)).Concat(Enumerable.Range(50_000, 5_000).Select(i => (long)i)).ToHashSet();
        var bobLost = Enumerable.Range(0, 300).Select(_ => (long)random.Next(Rounds)).ToHashSet();
        var alice = TriggerTagGenerator.Generate(Clock(1, 10, lost: aliceLost), 0, Rounds, 0, random);
        var bob = TriggerTagGenerator.Generate(Clock(2, 0, lost: bobLost), 0, Rounds, 0, random);

        var result = RoundAligner.Align(alice.Series, bob.Series, AlignmentPrior.ColdStart);

        long common = Enumerable.Range(0, Rounds).LongCount(r => !aliceLost.Contains(r) && !bobLost.Contains(r));
        Assert.Equal(0, TriggerTagGenerator.WrongPairs(result, alice, bob));
        Assert.Equal(common, result.PairedRounds);
    }

    [Fact]
    public void Align_WhenLockedOverConsecutiveBlocks_HoldsLockAndCatchesAShiftRightAtABlockBoundary()
    {
        // Ten blocks of 20,000 rounds at a 10 ppm rate difference; Bob misses the very first trigger of block 6,
        // which no single block could tell from a different start: the clock carried from block 5 does.
        var random = new Random(15);
        const int blockRounds = 20_000;
        const int blocks = 10;
        long missed = 6L * blockRounds;
        var alice = TriggerTagGenerator.Generate(Clock(10_000_000_000, -4), 0, blocks * blockRounds, 0, random);
        var bob = TriggerTagGenerator.Generate(Clock(-3, 6, missed: new HashSet<long> { missed }), 0, blocks * blockRounds, 0, random);
        var prior = AlignmentPrior.ColdStart;
        for (int block = 0; block < blocks; block++)
        {
            var aliceBlock = Slice(alice, block * blockRounds, blockRounds);
            var bobBlock = Slice(bob, block * blockRounds, blockRounds);

            var result = RoundAligner.Align(aliceBlock.Series, bobBlock.Series, prior);

            output.WriteLine($"seed 15 block {block}: offset {result.Next.IndexOffset}, paired {result.PairedRounds}, rate {result.Clock?.RateDifferencePpm:F5} ppm");
            Assert.Equal(AlignmentStatus.Aligned, result.Status);
            Assert.Equal(0, TriggerTagGenerator.WrongPairs(result, aliceBlock, bobBlock));
            Assert.Equal(block < 6 ? 0 : 1, result.Next.IndexOffset);
            Assert.True(result.PairedRounds >= blockRounds - 1, $"block {block} paired only {result.PairedRounds}");
            prior = result.Next;
        }
    }

    [Fact]
    public void Align_WhenDriftAcrossTheBlockExceedsSeveralPeriods_PairsEveryRoundByIndexNotByTime()
    {
        // 400,000 rounds at 10 ppm: Bob's clock runs 3,200 ticks (four periods) ahead by the end of the block.
        // Pairing by nearest time tag after an offset-only correction would pair the wrong rounds from the first
        // half-period of drift on; pairing by index with a fitted rate does not.
        var random = new Random(17);
        const int rounds = 400_000;
        var alice = TriggerTagGenerator.Generate(Clock(0, 0), 0, rounds, 0, random);
        var bob = TriggerTagGenerator.Generate(Clock(0, 10), 0, rounds, 0, random);

        var result = RoundAligner.Align(alice.Series, bob.Series, AlignmentPrior.ColdStart);

        Assert.Equal(rounds, result.PairedRounds);
        Assert.Empty(result.Shifts);
        Assert.Equal(0, TriggerTagGenerator.WrongPairs(result, alice, bob));
    }

    [Fact]
    public void Align_WhenThePriorClockIsAnHourOldAndTheRateHasWandered_FallsBackToColdStartInsteadOfTrustingIt()
    {
        // Block 0 locks at 10 ppm. The next block comes an hour later (3.6e8 triggers of 10 us) and Bob's clock has
        // moved by 0.5 ppm: block 0's line, extrapolated, misses by about 144,000 ticks (180 periods). Whole-period
        // rounding against it would pair wrong partners or, as with this seed, throw the block away. The
        // aligner must see that the prediction is too uncertain and align from the block's own start instead.
        var random = new Random(18);
        var alice = TriggerTagGenerator.Generate(Clock(0, 0), 0, 20_000, 0, random);
        var bob = TriggerTagGenerator.Generate(Clock(0, 10), 0, 20_000, 0, random);
        var first = RoundAligner.Align(alice.Series, bob.Series, AlignmentPrior.ColdStart);
        const long later = 360_000_000;
        var aliceLater = TriggerTagGenerator.Generate(Clock(0, 0), later, 20_000, later, random);
        var bobLater = TriggerTagGenerator.Generate(Clock(0, 10.5), later, 20_000, later, random);

        var result = RoundAligner.Align(aliceLater.Series, bobLater.Series, first.Next);

        Assert.Equal(AlignmentStatus.Aligned, result.Status);
        Assert.Equal(20_000, result.PairedRounds);
        Assert.Equal(0, TriggerTagGenerator.WrongPairs(result, aliceLater, bobLater));
    }

    [Fact]
    public void Align_WhenJitterIsComparableToThePeriod_RefusesTheBlockAsAmbiguous()
    {
        var random = new Random(16);
        var alice = TriggerTagGenerator.Generate(new StationClock(0, 0, 120), 0, 10_000, 0, random);
        var bob = TriggerTagGenerator.Generate(new StationClock(0, 0, 120), 0, 10_000, 0, random);

        var result = RoundAligner.Align(alice.Series, bob.Series, AlignmentPrior.ColdStart);

        Assert.Equal(AlignmentStatus.Ambiguous, result.Status);
        Assert.Equal(0, result.PairedRounds);
        Assert.Equal(10_000, result.RefusedBobRounds);
    }

    /// <summary>The rounds with indices [first, first + count) of a generated series (a block as the archive cuts it).</summary>
    private static TriggerTagGenerator.Generated Slice(TriggerTagGenerator.Generated all, long first, int count)
    {
        var rounds = new List<long>();
        var tags = new List<long>();
        var truth = new List<long>();
        for (int i = 0; i < all.Series.Count; i++)
        {
            long r = all.Series.Rounds[i];
            if (r >= first && r < first + count)
            {
                rounds.Add(r);
                tags.Add(all.Series.Tags[i]);
                truth.Add(all.TriggerOfRound[i]);
            }
        }
        return new TriggerTagGenerator.Generated(new TagSeries(rounds.ToArray(), tags.ToArray()), truth.ToArray());
    }
}
