namespace QkdEdge.Peer.Session;

/// <summary>The station's role in the protocol. Values are the wire bytes.</summary>
public enum PeerRole : byte
{
    Alice = 1,
    Bob = 2,
}

/// <summary>
/// Which way a message travels. Fixed by role, not by who dialled, so the key stream each direction uses stays
/// the same across reconnections. Values are the wire bytes.
/// </summary>
public enum PeerDirection : byte
{
    AliceToBob = 0,
    BobToAlice = 1,
}

internal static class PeerRoleExtensions
{
    public static PeerDirection Outgoing(this PeerRole role) => role == PeerRole.Alice ? PeerDirection.AliceToBob : PeerDirection.BobToAlice;

    public static PeerDirection Incoming(this PeerRole role) => role == PeerRole.Alice ? PeerDirection.BobToAlice : PeerDirection.AliceToBob;
}
