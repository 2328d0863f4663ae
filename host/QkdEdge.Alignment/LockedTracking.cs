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

        var bobPositions = new List<int>(bob.Count);
        var alicePositions = new List<int>(bob.Count);
        long origin = 0;
        double level = 0;
        long smallestStep = long.MaxValue;
        for (int i = 0, j = 0; j < bRounds.Length; j++)
        {
            if (j > 0 && bRounds[j] == bRounds[j - 1] + 1)
                smallestStep = Math.Min(smallestStep, unchecked(bTags[j] - bTags[j - 1]));
            long target = bRounds[j] + offset;
            while (i < aRounds.Length && aRounds[i] < target)
                i++;
            if (i == aRounds.Length || aRounds[i] != target)
                continue; // Alice lost that round: nothing to pair, as in the full aligner.
            if (bobPositions.Count == 0)
            {
                origin = unchecked(bTags[j] - aTags[i]);
                level = clock.PredictDifference(xRef, origin);
            }
            double residual = unchecked(bTags[j] - aTags[i] - origin) - (level + (clock.RateDifference * unchecked(aTags[i] - xRef)));
            if (Math.Abs(residual) > priorTolerance)
                return null;
            bobPositions.Add(j);
            alicePositions.Add(i);
        }

        // A pair one period off must never fit: the full aligner's ambiguity test, against the shortest step seen.
        if (bobPositions.Count < options.MinimumReferencePairs || smallestStep == long.MaxValue || priorTolerance >= smallestStep / 4.0)
            return null;

        var pairing = Pairing.FromPositions(alice, bob, bobPositions, alicePositions);
        var fit = Pairing.Fit(alice, bob, pairing, xRef);
        if (fit is null)
            return null;
        double tolerance = Math.Min(Math.Max(options.ToleranceSigmas * fit.ResidualSigmaTicks, options.MinimumToleranceTicks), priorTolerance);
        var line = new LineModel(xRef, origin, fit.PredictDifference(xRef, origin), fit.RateDifference);
        for (int k = 0; k < bobPositions.Count; k++)
        {
            if (Math.Abs(line.Residual(aTags[alicePositions[k]], bTags[bobPositions[k]])) > tolerance)
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
}
