using QkdEdge.Peer.Session;

namespace QkdEdge.Peer.Framing;

/// <summary>
/// What <see cref="PeerFrameReader"/> made of the next frame: its bytes (header, payload, tag; not yet
/// authenticated), or why the session must break before the rest of it is read.
/// </summary>
internal readonly record struct PeerFrameRead(byte[]? Body, PeerBreakReason Reason, string? Problem)
{
    public static PeerFrameRead Frame(byte[] body) => new(body, default, null);

    public static PeerFrameRead Refused(PeerBreakReason reason, string problem) => new(null, reason, problem);
}
