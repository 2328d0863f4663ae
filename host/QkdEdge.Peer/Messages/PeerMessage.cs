using QkdEdge.Peer.Session;

namespace QkdEdge.Peer.Messages;

/// <summary>
/// A message of the peer protocol (docs/peer-protocol.md). The session owns the envelope (framing, sequence,
/// authentication) and the block bookkeeping; the protocol engine owns what the byte payloads mean.
/// </summary>
public abstract record PeerMessage
{
    public abstract PeerMessageType Type { get; }
}

/// <summary>
/// First message each way. The initiator's carries its nonce; the responder's carries its own nonce and echoes
/// the initiator's, which proves it fresh; every later message is authenticated together with both nonces.
/// </summary>
public sealed record HelloMessage(
    ushort MinVersion,
    ushort MaxVersion,
    PeerRole Role,
    ushort StationId,
    long NextBlockId,
    ReadOnlyMemory<byte> Nonce,
    ReadOnlyMemory<byte> EchoedNonce,
    ReadOnlyMemory<byte> Parameters) : PeerMessage
{
    public const int NonceBytes = 16;

    public override PeerMessageType Type => PeerMessageType.Hello;
}

/// <summary>Opens block <see cref="BlockId"/> over rounds [FirstRound, EndRound); the peer answers with the same to agree.</summary>
public sealed record BlockOpenMessage(long BlockId, long FirstRound, long EndRound, ReadOnlyMemory<byte> Parameters) : PeerMessage
{
    public override PeerMessageType Type => PeerMessageType.BlockOpen;
}

/// <summary>Engine data for an open block: <see cref="Kind"/> says what it is (test-round announcement, syndrome, hash, seed...).</summary>
public sealed record DataMessage(long BlockId, ushort Kind, ReadOnlyMemory<byte> Payload) : PeerMessage
{
    public override PeerMessageType Type => PeerMessageType.Data;
}

/// <summary>This side accepts the block; it is committed once both sides have sent this. <see cref="Confirmation"/> is engine-defined (e.g. key hash, archive head).</summary>
public sealed record BlockCommitMessage(long BlockId, ReadOnlyMemory<byte> Confirmation) : PeerMessage
{
    public override PeerMessageType Type => PeerMessageType.BlockCommit;
}

/// <summary>This side drops the block. <see cref="ReasonCode"/> is engine-defined (0: unspecified).</summary>
public sealed record BlockAbortMessage(long BlockId, ushort ReasonCode, string Detail) : PeerMessage
{
    public override PeerMessageType Type => PeerMessageType.BlockAbort;
}

/// <summary>Ends the session cleanly. Blocks still open are aborted on both sides.</summary>
public sealed record ByeMessage(ushort ReasonCode, string Detail) : PeerMessage
{
    public override PeerMessageType Type => PeerMessageType.Bye;
}
