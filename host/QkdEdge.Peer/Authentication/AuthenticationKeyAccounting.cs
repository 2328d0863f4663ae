namespace QkdEdge.Peer.Authentication;

/// <summary>
/// Where every authentication key bit went, per direction. The books balance exactly:
/// <c>DepositedBits = HashKeyBits + sum over directions of (SpentBits + SkippedBits + AvailableBits)</c>.
/// </summary>
public sealed record AuthenticationKeyAccounting
{
    /// <summary>Pre-shared secret plus every deposit.</summary>
    public required long DepositedBits { get; init; }

    /// <summary>Deposited bits not yet active for sending (the peer has not yet shown it holds them).</summary>
    public long PendingBits { get; init; }

    /// <summary>The reusable polynomial-hash key section (fixed at the start of the secret).</summary>
    public required long HashKeyBits { get; init; }

    /// <summary>Per direction: one-time-pad bits used for tags (sent ones on the sender, verified ones on the receiver).</summary>
    public required DirectionAccount AliceToBob { get; init; }

    public required DirectionAccount BobToAlice { get; init; }

    public bool Balances =>
        DepositedBits == HashKeyBits + AliceToBob.SpentBits + AliceToBob.SkippedBits + AliceToBob.AvailableBits
            + BobToAlice.SpentBits + BobToAlice.SkippedBits + BobToAlice.AvailableBits;
}

/// <summary>One direction's key stream.</summary>
public sealed record DirectionAccount(
    long Position,
    long SpentBits,
    long SkippedBits,
    long AvailableBits,
    long TagPadDraws,
    long RejectedDraws);
