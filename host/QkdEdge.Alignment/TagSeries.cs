using QkdEdge.Rounds;

namespace QkdEdge.Alignment;

/// <summary>
/// One station's view of a block for alignment: its round indices (strictly increasing; gaps allowed) and the
/// coarse time tag of each, in that station's board ticks.
/// </summary>
public sealed class TagSeries
{
    private readonly long[] _rounds;
    private readonly long[] _tags;
    private readonly int _start;
    private readonly int _count;

    public TagSeries(long[] rounds, long[] tags)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        ArgumentNullException.ThrowIfNull(tags);
        if (rounds.Length != tags.Length)
            throw new ArgumentException("One tag per round.", nameof(tags));
        for (int i = 1; i < rounds.Length; i++)
        {
            if (rounds[i] <= rounds[i - 1])
                throw new ArgumentException($"Round indices must increase (index {i}: {rounds[i]} after {rounds[i - 1]}).", nameof(rounds));
        }
        _rounds = rounds;
        _tags = tags;
        _count = rounds.Length;
    }

    /// <summary>Entries [<paramref name="start"/>, start + <paramref name="count"/>) of arrays whose indices are known to increase (no check).</summary>
    private TagSeries(long[] rounds, long[] tags, int start, int count)
    {
        _rounds = rounds;
        _tags = tags;
        _start = start;
        _count = count;
    }

    public int Count => _count;

    public ReadOnlySpan<long> Rounds => _rounds.AsSpan(_start, _count);

    public ReadOnlySpan<long> Tags => _tags.AsSpan(_start, _count);

    /// <summary>
    /// Positions [<paramref name="start"/>, <paramref name="end"/>) as a series sharing this one's storage (no copy):
    /// the pieces of a chunk the aligner takes again piece by piece. Valid while this series' storage is.
    /// </summary>
    public TagSeries Range(int start, int end)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, _count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, end);
        return new TagSeries(_rounds, _tags, _start + start, end - start);
    }

    /// <summary>
    /// A series of <paramref name="count"/> rounds written by <paramref name="fill"/> into storage of at least that
    /// size: <paramref name="reuse"/>'s when it is large enough (which then must no longer be used), else new.
    /// </summary>
    internal static TagSeries Create(int count, TagSeries? reuse, Action<long[], long[]> fill)
    {
        // A range's storage belongs to the series it was cut from: never written over.
        bool fits = reuse is not null && reuse._start == 0 && reuse._rounds.Length >= count;
        var rounds = fits ? reuse!._rounds : new long[count];
        var tags = fits ? reuse!._tags : new long[count];
        fill(rounds, tags);
        return new TagSeries(rounds, tags, 0, count);
    }

    /// <summary>Collects the rounds of a block as the archive streams them (batches may be reused instances).</summary>
    public static TagSeries FromBatches(IEnumerable<RoundBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var rounds = new List<long>();
        var tags = new List<long>();
        foreach (var batch in batches)
        {
            for (int i = 0; i < batch.Count; i++)
            {
                rounds.Add(batch.FirstRound + i);
                tags.Add(batch.TimeTags[i]);
            }
        }
        return new TagSeries(rounds.ToArray(), tags.ToArray());
    }

    /// <summary>Position of <paramref name="round"/> in the series, or -1.</summary>
    public int IndexOf(long round)
    {
        int i = Rounds.BinarySearch(round);
        return i >= 0 ? i : -1;
    }
}
