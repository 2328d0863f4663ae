namespace QkdEdge.Alignment;

/// <summary>Bob's rounds [BobFirst, BobFirst + Count) pair with Alice's [AliceFirst, AliceFirst + Count).</summary>
public readonly record struct AlignedRange(long BobFirst, long AliceFirst, long Count)
{
    public long IndexOffset => AliceFirst - BobFirst;
}

/// <summary>From Bob's round <see cref="BobRound"/> on, the index offset changed (a trigger missed or added at one station).</summary>
public readonly record struct IndexShift(long BobRound, long FromOffset, long ToOffset, bool Realigned);

public enum AlignmentStatus
{
    /// <summary>A clock relation was fitted and the pairs in <see cref="AlignmentResult.Ranges"/> verified.</summary>
    Aligned,

    /// <summary>Too few rounds match under the prior index offset to find the clocks' relation.</summary>
    TooFewPairs,

    /// <summary>Tag jitter is too large for the trigger period: a pair one period off could pass. Nothing is paired.</summary>
    Ambiguous,
}

/// <summary>
/// The outcome for one block: which rounds pair (only those may be sifted), what was refused, and the clock
/// estimate. Every accepted pair's residual is within tolerance of the fitted relation.
/// </summary>
public sealed record AlignmentResult
{
    public required AlignmentStatus Status { get; init; }

    public IReadOnlyList<AlignedRange> Ranges { get; init; } = [];

    public IReadOnlyList<IndexShift> Shifts { get; init; } = [];

    public long PairedRounds { get; init; }

    /// <summary>Bob rounds with no verified partner: a partner that a shift made ambiguous, a missed trigger's neighbour, an outlier tag.</summary>
    public long RefusedBobRounds { get; init; }

    /// <summary>Alice rounds no verified pair uses.</summary>
    public long UnpairedAliceRounds { get; init; }

    public ClockRelation? Clock { get; init; }

    /// <summary>Trigger period in Bob's ticks, estimated from Bob's tags.</summary>
    public double PeriodTicks { get; init; }

    /// <summary>Half-width of the accepted residual window, in ticks.</summary>
    public double ToleranceTicks { get; init; }

    public string? Problem { get; init; }

    /// <summary>The prior for the next block: the index offset in force at this block's end and this clock fit.</summary>
    public required AlignmentPrior Next { get; init; }
}
