namespace QkdEdge.Telemetry;

/// <summary>
/// Cumulative counts from the board frame reader since it started. A reader that starts over (a new
/// reader after a reconnect) may report smaller counts; the metrics treat that as a restart.
/// </summary>
public sealed record BoardLinkCounters(long Frames, long CrcErrors, long SequenceGaps, long Resyncs, long Reconnects);
