namespace QkdEdge.Archive;

/// <summary>Fixed when an archive is created and recorded in its header.</summary>
public sealed record ArchiveOptions
{
    /// <summary>Station (board) id; every appended batch must carry it.</summary>
    public required ushort StationId { get; init; }

    /// <summary>Number of measurement settings k; settings are 0..k-1 and packed in base k.</summary>
    public required int SettingAlphabet { get; init; }

    /// <summary>Rounds per block: block m of an epoch is round indices [m*BlockRounds, (m+1)*BlockRounds).</summary>
    public required long BlockRounds { get; init; }

    /// <summary>
    /// Rounds per segment: the unit of hashing and of fsync, so a crash loses at most this many rounds
    /// (plus whatever has not been appended yet). 65,536 rounds is about 60 KiB at a 100 kHz round rate,
    /// written every 0.65 s.
    /// </summary>
    public int SegmentRounds { get; init; } = 65_536;

    /// <summary>Identifies the archive in key provenance; random unless given.</summary>
    public Guid ArchiveId { get; init; } = Guid.NewGuid();

    internal void Validate()
    {
        if (SettingAlphabet is < 2 or > 255)
            throw new ArgumentOutOfRangeException(nameof(SettingAlphabet), SettingAlphabet, "2..255 settings.");
        if (BlockRounds < 1)
            throw new ArgumentOutOfRangeException(nameof(BlockRounds), BlockRounds, "At least one round per block.");
        if (SegmentRounds is < 1 or > Format.ArchiveLayout.MaxSegmentRounds)
            throw new ArgumentOutOfRangeException(nameof(SegmentRounds), SegmentRounds, $"1..{Format.ArchiveLayout.MaxSegmentRounds} rounds per segment.");
    }
}
