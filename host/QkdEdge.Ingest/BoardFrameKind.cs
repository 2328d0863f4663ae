namespace QkdEdge.Ingest;

/// <summary>What <see cref="BoardFrameReader.Read"/> produced.</summary>
public enum BoardFrameKind
{
    /// <summary>The stream ended.</summary>
    EndOfStream,

    /// <summary>A Rounds frame: see <see cref="BoardFrameReader.Batch"/>.</summary>
    Rounds,

    /// <summary>An Info frame: see <see cref="BoardFrameReader.Info"/>.</summary>
    Info,

    /// <summary>A Status frame: see <see cref="BoardFrameReader.Status"/>.</summary>
    Status,

    /// <summary>An RngAlarm frame: see <see cref="BoardFrameReader.RngAlarm"/>. The board has halted.</summary>
    RngAlarm,

    /// <summary>An Ack frame: see <see cref="BoardFrameReader.Ack"/>.</summary>
    Ack,
}
