namespace QkdEdge.Telemetry;

/// <summary>
/// What the station reports when a block finishes, whether it produced key or aborted.
/// </summary>
/// <param name="Chsh">Observed CHSH value S of the block's test rounds.</param>
/// <param name="ChshLowerBound">Lower end of S's confidence interval, as the security analysis computes it.</param>
/// <param name="ChshAbortThreshold">The S below which the protocol aborts, from the security analysis.</param>
/// <param name="ErrorRate">Error rate (QBER) between the key rounds' outcomes; NaN when the block aborted before estimating it.</param>
/// <param name="KeyBits">Final key length; zero when the block aborted.</param>
/// <param name="AbortReason">Why the block aborted (for example "bell", "error-rate", "verification"); null when it produced key.</param>
/// <param name="OpenedAt">Time of the block's first round.</param>
/// <param name="ClosedAt">Time of the block's last round.</param>
/// <param name="KeyAvailableAt">When the key was committed in the store and could be delivered; null when it aborted.</param>
public sealed record BlockReport(
    double Chsh,
    double ChshLowerBound,
    double ChshAbortThreshold,
    double ErrorRate,
    long KeyBits,
    string? AbortReason,
    DateTimeOffset OpenedAt,
    DateTimeOffset ClosedAt,
    DateTimeOffset? KeyAvailableAt)
{
    public bool ProducedKey => KeyBits > 0 && AbortReason is null;

    /// <summary>
    /// Error correction's disclosed bits over the raw key's Shannon limit (f); NaN when the block stopped before error
    /// correction.
    /// </summary>
    public double ReconciliationEfficiency { get; init; } = double.NaN;
}
