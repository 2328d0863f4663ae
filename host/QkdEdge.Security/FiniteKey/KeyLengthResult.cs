namespace QkdEdge.Security.FiniteKey;

/// <summary>The outcome for one block: a key length (floor of the bound) or an abort, with every term.</summary>
/// <param name="KeyLengthBits">floor(KeyLengthReal); &lt;= 0 means no key (abort).</param>
/// <param name="Reason">Why no key was produced, or <see cref="AbortReason.None"/>.</param>
/// <param name="Breakdown">The terms; null only when the CHSH test failed before any bound was evaluated.</param>
public sealed record KeyLengthResult(long KeyLengthBits, AbortReason Reason, KeyLengthBreakdown? Breakdown)
{
    /// <summary>True when the block must be discarded.</summary>
    public bool IsAbort => Reason != AbortReason.None;

    /// <summary>Key bits per round of the block (0 on abort).</summary>
    public double RatePerRound => IsAbort || Breakdown is null ? 0.0 : (double)KeyLengthBits / Breakdown.Rounds;
}
