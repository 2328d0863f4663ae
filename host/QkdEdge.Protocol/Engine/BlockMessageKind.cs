namespace QkdEdge.Protocol.Engine;

/// <summary>Messages of one block, in the order they are sent (docs/protocol-engine.md).</summary>
public enum BlockMessageKind : byte
{
    /// <summary>Alice to Bob: block id, round count and the test selection (one bit per round).</summary>
    TestSelection = 1,
    /// <summary>Each way: every round's setting, and the outputs of tested rounds.</summary>
    Reveal = 2,
    /// <summary>Alice to Bob: error-correction syndrome (possibly in several rounds of a rate-adaptive code).</summary>
    Syndrome = 3,
    /// <summary>Bob to Alice: error-correction feedback (decoded, or more syndrome bits needed).</summary>
    SyndromeReply = 4,
    /// <summary>Alice to Bob: verification hash key and tag.</summary>
    VerificationTag = 5,
    /// <summary>Bob to Alice: whether his corrected key matched the tag.</summary>
    VerificationResult = 6,
    /// <summary>Alice to Bob: Toeplitz seed for privacy amplification.</summary>
    AmplificationSeed = 7,
    /// <summary>Bob to Alice: the final key is staged in Bob's store.</summary>
    Staged = 8,
    /// <summary>Alice to Bob: both staged; commit.</summary>
    Commit = 9,
    /// <summary>Either way: the block is abandoned, with the cause.</summary>
    Abort = 10,
    /// <summary>Bob to Alice, at session start: the blocks whose keys Bob holds staged, awaiting Alice's word.</summary>
    SettleRequest = 11,
    /// <summary>Alice to Bob: for each of those blocks, commit or discard.</summary>
    SettleReply = 12,
}
