using QkdEdge.Peer.Messages;

namespace QkdEdge.Peer.Framing;

/// <summary>
/// How large a payload each message type may declare, checked on the frame header before any byte of the
/// payload is read (docs/peer-protocol.md, "What a receiver checks"). Only data messages carry bulk engine
/// data up to the frame cap; every other type carries a few fixed fields and short engine-defined bytes
/// (hello and block-open parameters, commit confirmations, abort and bye details). Capping those keeps what
/// a peer without the key can make this host buffer, before the handshake has authenticated anyone, to
/// tens of kilobytes instead of the frame cap.
/// </summary>
internal static class PeerFrameLimits
{
    /// <summary>
    /// Payload cap of every type but data: 64 KiB, hundreds of times what the station puts in them (hello
    /// parameters under 100 bytes, empty block-open parameters and confirmations, one-line details).
    /// </summary>
    public const int MaxControlPayloadBytes = 64 * 1024;

    /// <summary>The largest payload a frame of <paramref name="type"/> may carry under a frame cap of <paramref name="maxFrameBytes"/>; null for a type that does not exist.</summary>
    public static long? MaxPayloadBytes(PeerMessageType type, int maxFrameBytes, int tagBytes) => type switch
    {
        PeerMessageType.Data => (long)maxFrameBytes - PeerFrameHeader.Size - tagBytes,
        PeerMessageType.Hello or PeerMessageType.BlockOpen or PeerMessageType.BlockCommit
            or PeerMessageType.BlockAbort or PeerMessageType.Bye => Math.Min(MaxControlPayloadBytes, (long)maxFrameBytes - PeerFrameHeader.Size - tagBytes),
        _ => null,
    };
}
