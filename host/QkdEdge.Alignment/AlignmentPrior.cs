namespace QkdEdge.Alignment;

/// <summary>
/// What the hosts believe before aligning a block: the index offset (Alice's round = Bob's round + offset)
/// valid at the block's start, and, once locked, the clock relation from the previous block. A cold start is
/// offset 0 (both boards start counting at the same trigger, see docs) and no clock.
/// </summary>
public sealed record AlignmentPrior(long IndexOffset, ClockRelation? Clock)
{
    public static AlignmentPrior ColdStart { get; } = new(0, null);
}

/// <summary>
/// Bob's tag as a function of Alice's over matched rounds:
/// tB - tA = offset + RateDifference * (tA - ReferenceAliceTag), the offset held as whole ticks plus a fraction
/// so that any 64-bit tag difference is represented exactly. RateDifference is Bob's clock rate over Alice's
/// minus one (1e-6 = 1 ppm). Standard errors are the least-squares ones over the verified pairs.
/// </summary>
public sealed record ClockRelation(
    long ReferenceAliceTag,
    long OffsetWholeTicks,
    double OffsetFractionTicks,
    double OffsetStandardError,
    double RateDifference,
    double RateStandardError,
    double ResidualSigmaTicks,
    long Pairs)
{
    /// <summary>tB - tA at the reference, in ticks (as a double: exact below 2^53 ticks).</summary>
    public double OffsetTicks => OffsetWholeTicks + OffsetFractionTicks;

    public double RateDifferencePpm => RateDifference * 1e6;

    public double RateStandardErrorPpm => RateStandardError * 1e6;

    /// <summary>Predicted tB - tA at Alice tag <paramref name="aliceTag"/>, minus <paramref name="origin"/> (kept exact by subtracting first).</summary>
    public double PredictDifference(long aliceTag, long origin) =>
        unchecked(OffsetWholeTicks - origin) + OffsetFractionTicks + RateDifference * unchecked(aliceTag - ReferenceAliceTag);
}
