namespace QkdEdge.Ingest;

/// <summary>How a frame's sequence number relates to the frames before it.</summary>
internal enum SequenceVerdict
{
    /// <summary>No frame seen yet (or after a reset).</summary>
    First,

    /// <summary>Exactly the expected number.</summary>
    InOrder,

    /// <summary>Ahead of the expected number: frames were lost.</summary>
    Gap,

    /// <summary>A recent number with identical content: the same frame again.</summary>
    Duplicate,

    /// <summary>Behind the expected number with other content: the board's counter restarted.</summary>
    Behind,
}
