namespace QkdEdge.Archive;

/// <summary>
/// A board event kept beside the rounds, positioned by round index (the first round it concerns).
/// <see cref="Epoch"/> is set by the archive: it counts the board resets before the event.
/// </summary>
public sealed record ArchiveEvent(ArchiveEventKind Kind, long Round, long Value, string Text)
{
    public long Epoch { get; init; }

    public static ArchiveEvent BoardReset(long firstRoundAfter, long cause) => new(ArchiveEventKind.BoardReset, firstRoundAfter, cause, "");

    public static ArchiveEvent RoundGap(long firstRoundAfter, long lostRounds) => new(ArchiveEventKind.RoundGap, firstRoundAfter, lostRounds, "");

    public static ArchiveEvent RngAlarm(long round, long testCode, string detail) => new(ArchiveEventKind.RngAlarm, round, testCode, detail);

    public static ArchiveEvent StationMetadata(long round, string name, string value) =>
        new(ArchiveEventKind.StationMetadata, round, 0, $"{name}={value}");
}
