using QkdEdge.Peer.Session;

namespace QkdEdge.Peer.Authentication;

/// <summary>
/// The authentication key pool cannot pay for what was asked. The host must not talk to its peer without
/// authentication, so it stops until key is deposited (or a new pre-shared secret is installed).
/// </summary>
public sealed class AuthenticationKeyExhaustedException(PeerDirection direction, long neededBits, long availableBits)
    : Exception($"Authentication key pool short for {direction}: {neededBits} bits needed, {availableBits} available. Deposit distilled key or install a new pre-shared secret.")
{
    public PeerDirection Direction { get; } = direction;

    public long NeededBits { get; } = neededBits;

    public long AvailableBits { get; } = availableBits;
}
