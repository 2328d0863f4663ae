namespace QkdEdge.Peer.Session;

/// <summary>Why a session ended abnormally. Every one of them ends the session: there is no resynchronising.</summary>
public enum PeerBreakReason
{
    /// <summary>The tag did not verify: the frame was altered, forged, or authenticated with other key.</summary>
    AuthenticationFailed,

    /// <summary>A frame with a sequence number already seen, or a key position already used: a replay.</summary>
    Replayed,

    /// <summary>A frame whose sequence number skips ahead: one was dropped or the order changed.</summary>
    OutOfOrder,

    /// <summary>The frame's key position is not the next one in its direction.</summary>
    KeyPositionMismatch,

    /// <summary>A frame marked as travelling the other way: our own message reflected back.</summary>
    DirectionMismatch,

    /// <summary>The peer speaks another frame or protocol version.</summary>
    VersionMismatch,

    /// <summary>Both ends claim the same role, or the handshake's nonce echo is wrong.</summary>
    HandshakeFailed,

    /// <summary>A length prefix above the size cap.</summary>
    FrameTooLarge,

    /// <summary>A frame or payload that does not parse.</summary>
    Malformed,

    /// <summary>A valid message at the wrong time (data for a block that is not open, a second hello...).</summary>
    UnexpectedMessage,

    /// <summary>The connection ended without a bye, possibly inside a frame (truncation).</summary>
    ConnectionLost,

    /// <summary>Nothing arrived within the receive timeout.</summary>
    Timeout,

    /// <summary>The caller cancelled a receive half-way, so the stream position is unknown.</summary>
    Cancelled,

    /// <summary>Reading or writing the transport failed.</summary>
    TransportFailed,

    /// <summary>The key pool could not pay for a tag.</summary>
    KeyPoolExhausted,
}
