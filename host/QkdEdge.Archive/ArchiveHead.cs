namespace QkdEdge.Archive;

/// <summary>
/// The end of the hash chain: after <see cref="Segments"/> segments, the SHA-256 of the last one. Recording
/// it elsewhere (key provenance, the peer) lets a later verify prove that nothing before it changed, which
/// the file alone cannot prove against someone who rewrites it and recomputes every hash.
/// </summary>
public readonly record struct ArchiveHead(long Segments, string HashHex)
{
    public override string ToString() => $"{Segments}:{HashHex}";
}
