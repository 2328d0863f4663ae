namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>Alice's syndrome of one frame: every check except the private checks of its padding.</summary>
public sealed record FrameSyndrome(int Frame, ulong[] Bits, int BitCount);

/// <summary>
/// Alice's first message: the syndromes of all frames and the evaluation points of the verification hash (fresh
/// randomness, independent of both keys, so they disclose nothing about the key).
/// </summary>
public sealed record SyndromeMessage(IReadOnlyList<FrameSyndrome> Frames, IReadOnlyList<ulong> HashPoints)
{
    public long DisclosedBits => Frames.Sum(f => (long)f.BitCount);
}

/// <summary>The next padding values of one frame, in the layout's reveal order.</summary>
public sealed record FrameReveal(int Frame, ulong[] Values, int Count);

/// <summary>Alice's answer to frames Bob could not decode yet.</summary>
public sealed record RevealMessage(IReadOnlyList<FrameReveal> Frames)
{
    public long DisclosedBits => Frames.Sum(f => (long)f.Count);
}

/// <summary>
/// Bob's answer: one bit per frame he tried in this round (decoded or not). When no frame is left to try, it
/// also carries his verification tag over the key bits of every decoded frame, in frame order.
/// </summary>
public sealed record DecodeReport(IReadOnlyList<int> TriedFrames, IReadOnlyList<bool> Decoded, IReadOnlyList<ulong>? Tag)
{
    public bool IsFinal => Tag is not null;

    public long DisclosedBits => TriedFrames.Count + (Tag is null ? 0 : 64L * Tag.Count);
}
