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
    }

    public int Count => _rounds.Length;

    public ReadOnlySpan<long> Rounds => _rounds;

    public ReadOnlySpan<long> Tags => _tags;

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
        int i = Array.BinarySearch(_rounds, round);
        return i >= 0 ? i : -1;
    }
}
