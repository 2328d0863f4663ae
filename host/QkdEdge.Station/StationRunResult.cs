using QkdEdge.Station.Status;

namespace QkdEdge.Station;

/// <summary>How a station's run ended.</summary>
/// <param name="Failed">True when a link failed for good (the reason says which and why).</param>
/// <param name="Reason">Why it failed; null after a requested stop.</param>
/// <param name="Status">The last status snapshot.</param>
public sealed record StationRunResult(bool Failed, string? Reason, StationStatus Status);
