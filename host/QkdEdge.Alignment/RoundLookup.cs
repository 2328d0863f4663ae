namespace QkdEdge.Alignment;

/// <summary>
/// Finds rounds in one station's strictly increasing indices when the rounds asked for mostly increase by one,
/// as they do while the aligner walks Bob's rounds under a run's offset: the next position is tried first, and a
/// binary search only runs after a gap or a change of offset. Same answers as <see cref="TagSeries.IndexOf"/>.
/// </summary>
internal ref struct RoundLookup(ReadOnlySpan<long> rounds)
{
    private readonly ReadOnlySpan<long> _rounds = rounds;
    private int _next;

    /// <summary>Position of <paramref name="round"/>, or -1.</summary>
    public int IndexOf(long round)
    {
        int i = _next;
        if ((uint)i < (uint)_rounds.Length && _rounds[i] == round)
        {
            _next = i + 1;
            return i;
        }

        i = _rounds.BinarySearch(round);
        if (i < 0)
            return -1;
        _next = i + 1;
        return i;
    }
}
