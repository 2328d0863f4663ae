namespace QkdEdge.Archive;

/// <summary>What an archive's file header says.</summary>
public sealed record ArchiveHeaderInfo(
    int FormatVersion,
    ushort StationId,
    int SettingAlphabet,
    long BlockRounds,
    int SegmentRounds,
    Guid ArchiveId);
