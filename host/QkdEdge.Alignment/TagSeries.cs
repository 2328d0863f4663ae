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

    /// <summary>The first <paramref name="count"/> entries of arrays whose indices are known to increase (no check).</summary>
    private TagSeries(long[] rounds, long[] tags, int count)
    {
        _rounds = rounds;
        _tags = tags;
        _count = count;
    }

    public int Count => _count;

    public ReadOnlySpan<long> Rounds => _rounds.AsSpan(0, _count);

    public ReadOnlySpan<long> Tags => _tags.AsSpan(0, _count);

    /// <summary>
    /// A series of <paramref name="count"/> rounds written by <paramref name="fill"/> into storage of at least that
    /// size: <paramref name="reuse"/>'s when it is large enough (which then must no longer be used), else new.
    /// </summary>
    internal static TagSeries Create(int count, TagSeries? reuse, Action<long[], long[]> fill)
    {
        bool fits = reuse is not null && reuse._rounds.Length >= count;
        var rounds = fits ? reuse!._rounds : new long[count];
        var tags = fits ? reuse!._tags : new long[count];
        fill(rounds, tags);
        return new TagSeries(rounds, tags, count);
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
        int i = Array.BinarySearch(_rounds, 0, _count, round);
        return i >= 0 ? i : -1;
    }
}
