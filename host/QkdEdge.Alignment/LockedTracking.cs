namespace QkdEdge.Alignment;

/// <summary>
/// The aligner's fast path for a block that simply continues the locked prior: no trigger was missed or added at
/// either station since, so every Bob round pairs with Alice's round at the prior index offset, on the prior clock
/// line. That is the common case over hours of a healthy link, and it needs none of the aligner's searching
/// (candidate runs, medians, whole-period decisions): one walk pairs the rounds and checks each residual against the
/// prior line, a least-squares fit on those pairs gives the new line, and a second walk checks every pair against it.
/// Any doubt hands the block to the full aligner instead: a residual outside the tolerance (a shift, an outlier, a
/// clock that wandered), a prior too uncertain to extrapolate, too few pairs, or a trigger period too short for the
/// tolerance. So the fast path never decides anything the full aligner would have to search for; when it answers,
/// every paired round is within tolerance of both the prior line and the new fit, as the full aligner guarantees.
/// </summary>
internal static class LockedTracking
{
    /// <summary>The block's result, or null when the block must go to the full aligner.</summary>
    public static AlignmentResult? TryAlign(TagSeries alice, TagSeries bob, AlignmentPrior prior, AlignmentOptions options)
    {
        if (prior.Clock is not { } clock || alice.Count == 0 || bob.Count < 2)
            return null;
        var aRounds = alice.Rounds;
        var aTags = alice.Tags;
        var bRounds = bob.Rounds;
        var bTags = bob.Tags;
        long offset = prior.IndexOffset;
        long roundSpan = bRounds[^1] - bRounds[0];
        double period = (double)unchecked(bTags[^1] - bTags[0]) / roundSpan;
        long xRef = aTags[0];
        double uncertainty = RoundAligner.PredictionUncertainty(clock, xRef, options);
        if (!(period > 0) || uncertainty > period / 8)
            return null;

        // The prior's acceptance window: its residual spread at the aligner's sigmas, plus how far its line may have
        // moved since (the same uncertainty the lock test above bounds).
        double priorTolerance = Math.Max(options.ToleranceSigmas * clock.ResidualSigmaTicks, options.MinimumToleranceTicks)
            + uncertainty;

        // The walk goes stretch by stretch: wherever both stations' rounds run on consecutively (between rounds
        // lost in transfer, nearly the whole chunk), the residuals are checked over two plain spans of tags.
        var pairing = new Pairing(alice, bob);
        long origin = 0;
        double level = 0;
        long smallestStep = long.MaxValue;
        double rate = clock.RateDifference;
        for (int i = 0, j = 0; j < bRounds.Length;)
        {
            if (j > 0 && bRounds[j] == bRounds[j - 1] + 1)
                smallestStep = Math.Min(smallestStep, unchecked(bTags[j] - bTags[j - 1]));
            long target = bRounds[j] + offset;
            while (i < aRounds.Length && aRounds[i] < target)
                i++;
            if (i == aRounds.Length || aRounds[i] != target)
            {
                j++;
                continue; // Alice lost that round: nothing to pair, as in the full aligner.
            }

            if (pairing.Paired == 0)
            {
                origin = unchecked(bTags[j] - aTags[i]);
                level = clock.PredictDifference(xRef, origin);
            }

            int length = ConsecutiveLength(bRounds[j..], aRounds[i..]);
            var aliceStretch = aTags.Slice(i, length);
            var bobStretch = bTags.Slice(j, length);
            if (!StretchKernels.WithinTolerance(aliceStretch, bobStretch, new LineModel(xRef, origin, level, rate), priorTolerance))
                return null;
            smallestStep = Math.Min(smallestStep, StretchKernels.SmallestStep(bobStretch));
            pairing.AddStretch(j, i, length);
            i += length;
            j += length;
        }

        // A pair one period off must never fit: the full aligner's ambiguity test, against the shortest step seen.
        if (pairing.Paired < options.MinimumReferencePairs || smallestStep == long.MaxValue || priorTolerance >= smallestStep / 4.0)
            return null;

        var fit = ClockFit.Fit(alice, bob, pairing, xRef);
        if (fit is null)
            return null;
        double tolerance = Math.Min(Math.Max(options.ToleranceSigmas * fit.ResidualSigmaTicks, options.MinimumToleranceTicks), priorTolerance);
        var line = new LineModel(xRef, origin, fit.PredictDifference(xRef, origin), fit.RateDifference);
        foreach (var s in pairing.Stretches)
        {
            if (!StretchKernels.WithinTolerance(aTags.Slice(s.Alice, s.Length), bTags.Slice(s.Bob, s.Length), line, tolerance))
                return null;
        }

        return new AlignmentResult
        {
            Status = AlignmentStatus.Aligned,
            Ranges = pairing.Ranges(),
            Shifts = [],
            PairedRounds = pairing.Paired,
            RefusedBobRounds = bob.Count - pairing.Paired,
            UnpairedAliceRounds = alice.Count - pairing.Paired,
            Clock = fit,
            PeriodTicks = period,
            ToleranceTicks = tolerance,
            Next = new AlignmentPrior(offset, fit),
        };
    }

    /// <summary>
    /// How many rounds from the starts of <paramref name="bob"/> and <paramref name="alice"/> on are consecutive at both
    /// (at least one). Indices strictly increase, so a stretch is consecutive exactly when its ends lie its length
    /// apart: the whole remainder is tried first, then the longest such stretch is found by bisection.
    /// </summary>
    internal static int ConsecutiveLength(ReadOnlySpan<long> bob, ReadOnlySpan<long> alice)
    {
        int limit = Math.Min(bob.Length, alice.Length);
        if (Consecutive(bob, alice, limit))
            return limit;
        int longest = 1, broken = limit; // a stretch of `longest` is consecutive, one of `broken` is not
        while (broken - longest > 1)
        {
            int length = (longest + broken) >>> 1;
            if (Consecutive(bob, alice, length))
                longest = length;
            else
                broken = length;
        }

        return longest;

        static bool Consecutive(ReadOnlySpan<long> bob, ReadOnlySpan<long> alice, int length) =>
            unchecked(bob[length - 1] - bob[0]) == length - 1 && unchecked(alice[length - 1] - alice[0]) == length - 1;
    }
}
