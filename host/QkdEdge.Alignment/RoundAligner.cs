namespace QkdEdge.Alignment;

/// <summary>
/// Pairs the two stations' rounds of a block from their indices and coarse time tags (docs/archive-format.md, section 8).
/// Both boards tag the same trigger pulses with their own clocks, so over correctly paired rounds Bob's tag is a
/// straight line in Alice's: tB - tA = offset + rate * (tA - t0), plus jitter. A missed (or extra) trigger at
/// one station shifts that station's indices from then on, which moves tB - tA by a whole trigger period.
/// The aligner (1) pairs under the prior index offset, (2) cuts the pairs into runs wherever tB - tA steps,
/// (3) fits the common slope (the rate difference, so frequency is tracked, not only offset) within runs,
/// (4) gives each run a whole number of periods of shift from the reference level, (5) re-pairs every Bob
/// round under its run's offset, keeping only pairs whose residual is within tolerance of the line, and
/// (6) refits on those pairs and pairs once more. Pure: the same input always gives the same result.
/// </summary>
public static class RoundAligner
{
    public static AlignmentResult Align(TagSeries alice, TagSeries bob, AlignmentPrior prior, AlignmentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(alice);
        ArgumentNullException.ThrowIfNull(bob);
        ArgumentNullException.ThrowIfNull(prior);
        options ??= new AlignmentOptions();

        if (alice.Count == 0 || bob.Count == 0)
            return Refuse(AlignmentStatus.TooFewPairs, prior, alice, bob, "a station has no rounds in the block");
        if (TryTrack(alice, bob, prior, options) is { } tracked)
            return tracked;
        long xRef = alice.Tags[0];
        var candidates = Candidates.Build(alice, bob, prior.IndexOffset, xRef);
        if (candidates.Count < options.MinimumReferencePairs)
            return Refuse(AlignmentStatus.TooFewPairs, prior, alice, bob, $"{candidates.Count} rounds match under index offset {prior.IndexOffset}");

        // Tolerances from the measured jitter: a step of tB - tA between neighbours has twice the variance of
        // one residual, and 6 sigma keeps a correct pair's chance of refusal at 2e-9.
        double period = Statistics.TypicalStep(bob.Rounds, bob.Tags);
        double stepSigma = candidates.StepSigma();
        double tolStep = Math.Max(options.ToleranceSigmas * stepSigma, options.MinimumToleranceTicks);
        double tolPair = Math.Max(options.ToleranceSigmas * stepSigma / Math.Sqrt(2), options.MinimumToleranceTicks);
        if (double.IsNaN(period) || tolStep >= period / 2 || tolPair >= period / 4)
            return Refuse(AlignmentStatus.Ambiguous, prior, alice, bob, $"tag jitter (step sigma {stepSigma:F2} ticks) too large for the trigger period ({period:F1} ticks)");

        var runs = candidates.SplitRuns(tolStep, options.MaxRateDifferencePpm * 1e-6);
        double rate = candidates.PooledSlope(runs, tolPair);
        if (double.IsNaN(rate))
            return Refuse(AlignmentStatus.TooFewPairs, prior, alice, bob, "no run long enough to fit the rate");
        var levels = runs.Select(r => candidates.Level(r, rate)).ToArray();

        double reference;
        if (prior.Clock is { } clock && PredictionUncertainty(clock, xRef, options) <= period / 8)
        {
            // Locked: the previous block's line says where tB - tA must be now, so even a shift right at the
            // block boundary shows up as a whole-period jump.
            reference = clock.PredictDifference(xRef, candidates.DifferenceOrigin);
        }
        else
        {
            int first = runs.FindIndex(r => r.Length >= options.MinimumReferencePairs);
            if (first < 0)
                return Refuse(AlignmentStatus.TooFewPairs, prior, alice, bob, "no run of matching rounds long enough to set the reference");
            reference = levels[first];
        }

        // Each run's shift in whole periods, when unambiguous; the policy decides whether shifted runs re-pair.
        var clearOffsets = new long?[runs.Count];
        var pairOffsets = new long?[runs.Count];
        for (int k = 0; k < runs.Count; k++)
        {
            double shift = (levels[k] - reference) / period;
            long whole = (long)Math.Round(shift);
            if (Math.Abs(shift - whole) * period > tolPair)
                continue;
            clearOffsets[k] = prior.IndexOffset + whole;
            pairOffsets[k] = options.Realign || whole == 0 ? clearOffsets[k] : null;
        }

        var line = new LineModel(xRef, candidates.DifferenceOrigin, reference, rate);
        var pairing = Pairing.Run(alice, bob, candidates, runs, pairOffsets, line, tolPair);
        var fit = ClockFit.Fit(alice, bob, pairing, xRef);
        if (fit is null)
            return Refuse(AlignmentStatus.TooFewPairs, prior, alice, bob, "fewer than three verified pairs");

        // Second pass on the refined line with the tolerance from the actual residual spread (never wider than the first).
        double tolFinal = Math.Min(Math.Max(options.ToleranceSigmas * fit.ResidualSigmaTicks, options.MinimumToleranceTicks), tolPair);
        line = new LineModel(xRef, candidates.DifferenceOrigin, fit.PredictDifference(xRef, candidates.DifferenceOrigin), fit.RateDifference);
        pairing = Pairing.Run(alice, bob, candidates, runs, pairOffsets, line, tolFinal);
        fit = ClockFit.Fit(alice, bob, pairing, xRef) ?? fit;

        long lastOffset = prior.IndexOffset;
        var shifts = new List<IndexShift>();
        for (int k = 0; k < runs.Count; k++)
        {
            if (clearOffsets[k] is not long offset)
                continue;
            if (offset != lastOffset)
                shifts.Add(new IndexShift(bob.Rounds[candidates.BobPosition[runs[k].Start]], lastOffset, offset, pairOffsets[k] is not null));
            lastOffset = offset;
        }

        return new AlignmentResult
        {
            Status = AlignmentStatus.Aligned,
            Ranges = pairing.Ranges(),
            Shifts = shifts,
            PairedRounds = pairing.Paired,
            RefusedBobRounds = bob.Count - pairing.Paired,
            UnpairedAliceRounds = alice.Count - pairing.Paired,
            Clock = fit,
            PeriodTicks = period,
            ToleranceTicks = tolFinal,
            Next = new AlignmentPrior(lastOffset, fit),
        };
    }

    /// <summary>
    /// The fast path alone (<see cref="AlignmentOptions.TrackLockedBlocks"/>): the block's result when it simply continues
    /// the locked prior, every round on the prior line at the prior offset; null when anything is left to decide (a
    /// shift, an outlier, no locked prior), which <see cref="Align"/> then hands to the full aligner.
    /// </summary>
    public static AlignmentResult? TryTrack(TagSeries alice, TagSeries bob, AlignmentPrior prior, AlignmentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(alice);
        ArgumentNullException.ThrowIfNull(bob);
        ArgumentNullException.ThrowIfNull(prior);
        options ??= new AlignmentOptions();
        return options.TrackLockedBlocks ? LockedTracking.TryAlign(alice, bob, prior, options) : null;
    }

    /// <summary>
    /// Five standard errors of the previous line's prediction at <paramref name="aliceTag"/>, plus the rate wander
    /// allowed over the elapsed time. A whole-period decision taken against a prediction this uncertain could be
    /// wrong by a period, so the caller only trusts it well inside half a period.
    /// </summary>
    internal static double PredictionUncertainty(ClockRelation clock, long aliceTag, AlignmentOptions options)
    {
        double elapsed = Math.Abs((double)unchecked(aliceTag - clock.ReferenceAliceTag));
        double statistical = Math.Sqrt(clock.OffsetStandardError * clock.OffsetStandardError + Math.Pow(clock.RateStandardError * elapsed, 2));
        return 5 * statistical + options.ClockWanderPpm * 1e-6 * elapsed;
    }

    private static AlignmentResult Refuse(AlignmentStatus status, AlignmentPrior prior, TagSeries alice, TagSeries bob, string problem) => new()
    {
        Status = status,
        RefusedBobRounds = bob.Count,
        UnpairedAliceRounds = alice.Count,
        Problem = problem,
        Next = prior,
    };
}
