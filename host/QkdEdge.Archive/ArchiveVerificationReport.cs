namespace QkdEdge.Archive;

/// <summary>What a verification found: what the archive holds up to the first problem, and the problem.</summary>
public sealed record ArchiveVerificationReport
{
    public required ArchiveIntegrity Integrity { get; init; }

    /// <summary>Null when the file header itself is unreadable.</summary>
    public ArchiveHeaderInfo? Header { get; init; }

    public long FileBytes { get; init; }

    /// <summary>Segments that verified, the seal included.</summary>
    public long Segments { get; init; }

    public long Rounds { get; init; }

    public long Blocks { get; init; }

    public long Events { get; init; }

    /// <summary>Board resets seen plus one.</summary>
    public long Epochs { get; init; }

    public bool Sealed { get; init; }

    public ArchiveHead Head { get; init; }

    /// <summary>Byte offset of the first segment that failed (or of the bad field), null when none failed.</summary>
    public long? FirstBadOffset { get; init; }

    public long? FirstBadSegment { get; init; }

    public string? Problem { get; init; }

    /// <summary>Bytes after the last good segment when <see cref="Integrity"/> is <see cref="ArchiveIntegrity.TornTail"/>.</summary>
    public long TornBytes { get; init; }

    public bool IsIntact => Integrity == ArchiveIntegrity.Intact;

    /// <summary>Whole file size over rounds held: the figure to quote for storage.</summary>
    public double BytesPerRound => Rounds == 0 ? double.NaN : (double)FileBytes / Rounds;
}
