namespace QkdEdge.Peer.Session;

/// <summary>
/// Where a block stands in this session. Only <see cref="Committed"/> blocks may yield key: every message of
/// such a block, both commits included, was authenticated, in order, in an intact session.
/// </summary>
public enum PeerBlockState
{
    /// <summary>Never opened in this session.</summary>
    Unknown,

    Open,

    /// <summary>Both sides sent block-commit and both commits verified.</summary>
    Committed,

    /// <summary>A side sent block-abort, or the session ended with a bye while the block was open.</summary>
    Aborted,

    /// <summary>The session broke while the block was open: treat everything about it as tampered.</summary>
    Broken,
}
