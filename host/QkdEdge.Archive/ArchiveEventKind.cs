namespace QkdEdge.Archive;

/// <summary>What a board or the archive itself reported beside the rounds. Values are the wire bytes.</summary>
public enum ArchiveEventKind : byte
{
    /// <summary>The board restarted; round indices start again. Value: the board's reset cause code.</summary>
    BoardReset = 1,

    /// <summary>Rounds were lost between two frames. Value: the number of lost rounds.</summary>
    RoundGap = 2,

    /// <summary>The board's RNG health test fired. Value: the test's code; Text: its detail.</summary>
    RngAlarm = 3,

    /// <summary>Station metadata (firmware version, board profile). Text: "name=value".</summary>
    StationMetadata = 4,

    /// <summary>Written by the archive on reopen. Value: torn-tail bytes dropped; Text: what was dropped.</summary>
    ArchiveResumed = 5,
}
