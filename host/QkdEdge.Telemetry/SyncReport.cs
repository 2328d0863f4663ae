namespace QkdEdge.Telemetry;

/// <summary>
/// The result of aligning this station's time tags with the peer's.
/// </summary>
/// <param name="OffsetSeconds">Clock offset between the stations' time tags that the alignment found.</param>
/// <param name="ResidualSeconds">RMS residual of matched events after the alignment fit.</param>
/// <param name="DriftPpm">Relative clock drift between the stations, parts per million.</param>
/// <param name="CoincidenceWindowSeconds">Width of the window in which two events count as one round; residuals approaching it lose rounds.</param>
public sealed record SyncReport(double OffsetSeconds, double ResidualSeconds, double DriftPpm, double CoincidenceWindowSeconds);
