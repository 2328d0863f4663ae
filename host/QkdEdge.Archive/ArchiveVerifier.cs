namespace QkdEdge.Archive;

/// <summary>Checks an archive end to end without changing it: header, chain, every record, the seal.</summary>
public static class ArchiveVerifier
{
    public static ArchiveVerificationReport Verify(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return Verify(file);
    }

    /// <summary>Verifies archive bytes from any seekable stream (a file, or a copy in memory).</summary>
    public static ArchiveVerificationReport Verify(Stream archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        if (!archive.CanSeek)
            throw new ArgumentException("The archive stream must be seekable.", nameof(archive));
        return ArchiveScanner.Scan(archive).Report;
    }

    /// <summary>
    /// True when the archive's verified chain passes through <paramref name="head"/>: after that many segments
    /// its hash is that hash. This is how a head recorded elsewhere (key provenance, the peer) proves that the
    /// archive was not rewritten or cut back before it.
    /// </summary>
    public static bool ContainsHead(string path, ArchiveHead head)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var heads = new HeadCollector();
        var report = ArchiveScanner.Scan(file, heads).Report;
        if (report.Integrity == ArchiveIntegrity.Corrupt)
            return false;
        heads.Hashes.Add(report.Head.HashHex);
        return head.Segments >= 0 && head.Segments < heads.Hashes.Count
            && string.Equals(heads.Hashes[(int)head.Segments], head.HashHex, StringComparison.OrdinalIgnoreCase);
    }

    private sealed class HeadCollector : IArchiveVisitor
    {
        /// <summary>Entry i: the chain hash after i segments (entry 0 is the header's hash).</summary>
        public List<string> Hashes { get; } = [];

        public void OnSegment(long index, long offset, ReadOnlySpan<byte> previousHash, long epochAtStart) =>
            Hashes.Add(Convert.ToHexStringLower(previousHash));
    }
}
