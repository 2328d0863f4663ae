namespace QkdEdge.Peer.Messages;

/// <summary>Message type codes; each value is the wire byte (an ASCII letter, for readable dumps).</summary>
public enum PeerMessageType : byte
{
    Hello = (byte)'H',
    BlockOpen = (byte)'O',
    Data = (byte)'D',
    BlockCommit = (byte)'C',
    BlockAbort = (byte)'A',
    Bye = (byte)'B',
}
