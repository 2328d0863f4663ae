namespace QkdEdge.Security.FiniteKey;

/// <summary>What a planned block of honest devices yields.</summary>
/// <param name="Thresholds">The abort thresholds the block would run with.</param>
/// <param name="EstimatedLeakBits">Honest error-correction leak used for the plan.</param>
/// <param name="Result">Key length and breakdown at the chosen test fraction.</param>
public sealed record FiniteKeyPlan(AbortThresholds Thresholds, double EstimatedLeakBits, KeyLengthResult Result)
{
    /// <summary>Key bits per round (0 when the block would yield no key).</summary>
    public double RatePerRound => Result.RatePerRound;
}
