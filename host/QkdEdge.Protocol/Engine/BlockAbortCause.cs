namespace QkdEdge.Protocol.Engine;

/// <summary>Why a block produced no key. Every abort names the test or event that fired.</summary>
public enum BlockAbortCause
{
    None = 0,
    /// <summary>Too few won CHSH test rounds: the devices did not violate the Bell inequality enough.</summary>
    ChshTestFailed,
    /// <summary>The error rate on tested key rounds exceeded what error correction and the analysis allow.</summary>
    KeyAgreementFailed,
    /// <summary>Error correction did not converge, or the verification hash differed.</summary>
    VerificationFailed,
    /// <summary>The finite-key length, after every leaked bit, is zero or negative.</summary>
    KeyLengthNotPositive,
    /// <summary>The block has too few rounds of some kind to evaluate the tests.</summary>
    TooFewRounds,
    /// <summary>A classical message failed authentication, was replayed or reordered: nothing of the block is kept.</summary>
    ChannelTampered,
    /// <summary>The other station aborted the block.</summary>
    PeerAborted,
    /// <summary>The two stations disagree on the block's data (round counts, alphabets, statistics).</summary>
    Inconsistent,
    /// <summary>
    /// Bob staged the key and told Alice, then lost the channel before her commit arrived. Alice may have
    /// committed, so the staged key is kept and settled with her when the session is back
    /// (<see cref="KeySettlement"/>): committed at both ends, or discarded at both.
    /// </summary>
    SettlementPending,
}
