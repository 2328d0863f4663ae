namespace QkdEdge.Ingest;

/// <summary>Why a board link cannot go on. Bad frames are never one of these: they are counted and skipped.</summary>
public enum WireSessionFailure
{
    /// <summary>The serial port does not exist.</summary>
    PortNotFound,

    /// <summary>The serial port exists but this user may not open it.</summary>
    PortAccessDenied,

    /// <summary>The serial port could not be opened for another reason (in use, not a serial device).</summary>
    PortOpenFailed,

    /// <summary>Many bytes arrived without one valid frame: a wrong baud rate, or not a QkdEdge board.</summary>
    NoValidFrames,

    /// <summary>A CRC-valid frame of another protocol version arrived.</summary>
    VersionMismatch,

    /// <summary>No Ack arrived for a command within its timeout.</summary>
    AckTimeout,

    /// <summary>The link ended (end of stream) while an answer was awaited.</summary>
    LinkClosed,

    /// <summary>The board broke the protocol (e.g. acknowledged Hello without sending Info).</summary>
    ProtocolViolation,
}
