namespace QkdEdge.Archive;

/// <summary>The verdict of a verification.</summary>
public enum ArchiveIntegrity
{
    /// <summary>Every segment verifies and the archive ends with its seal: closed cleanly, nothing missing.</summary>
    Intact,

    /// <summary>
    /// Every segment verifies but there is no seal: the archive is still being written, its writer crashed
    /// after a segment boundary, or it was truncated at a segment boundary.
    /// </summary>
    Open,

    /// <summary>The file ends inside (or with a damaged) last segment: a crash mid-write, or a truncation.</summary>
    TornTail,

    /// <summary>Bytes were changed, removed or added before the end: no writer produces this.</summary>
    Corrupt,
}
