namespace QkdEdge.Peer.Session;

/// <summary>
/// The session is over because of <see cref="Reason"/>. Every block that was not committed by both sides before
/// the break is <see cref="PeerBlockState.Broken"/>: none of its data may become key.
/// </summary>
public sealed class PeerSessionBrokenException : Exception
{
    public PeerSessionBrokenException(PeerBreakReason reason, string detail, IReadOnlyList<long> affectedBlocks, Exception? inner = null)
        : base($"Peer session broken ({reason}): {detail}", inner)
    {
        Reason = reason;
        Detail = detail;
        AffectedBlocks = affectedBlocks;
    }

    public PeerBreakReason Reason { get; }

    public string Detail { get; }

    /// <summary>Blocks that were open when the session broke; they are now <see cref="PeerBlockState.Broken"/>.</summary>
    public IReadOnlyList<long> AffectedBlocks { get; }
}
