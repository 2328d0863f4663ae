namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// One frame of a reconciliation plan: which code, where its key bits come from, its modulation, and the
/// cumulative number of padding values revealed after each attempt (entry 0 is 0: the first attempt reveals none).
/// </summary>
public sealed record FramePlan(int Index, int CodeIndex, long KeyOffset, int KeyBits, int PaddingBits, int ShortenedBits, IReadOnlyList<int> CumulativeReveals)
{
    public int Attempts => CumulativeReveals.Count;
}
