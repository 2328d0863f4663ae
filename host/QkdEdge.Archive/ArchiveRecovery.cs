namespace QkdEdge.Archive;

/// <summary>What reopening an existing archive had to drop before appending again.</summary>
public sealed record ArchiveRecovery(
    long TornBytesDropped,
    bool SealRemoved,
    string? TornTailProblem);
