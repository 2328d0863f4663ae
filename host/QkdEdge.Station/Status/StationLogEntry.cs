namespace QkdEdge.Station.Status;

public enum StationLogLevel
{
    Info,
    Warning,
    Error,
}

/// <summary>One line of the station's log: what the plain (non-terminal) output prints.</summary>
public sealed record StationLogEntry(DateTimeOffset At, StationLogLevel Level, string Message);
