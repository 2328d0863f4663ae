namespace QkdEdge.Alignment;

/// <summary>The fitted line in candidate coordinates: predicted (tB - tA) - origin = Level + Rate * (tA - reference).</summary>
internal readonly record struct LineModel(long ReferenceTag, long Origin, double Level, double Rate)
{
    public double Residual(long aliceTag, long bobTag) =>
        unchecked(bobTag - aliceTag - Origin) - (Level + Rate * unchecked(aliceTag - ReferenceTag));
}

/// <summary>
/// The verified pairs of a block, in Bob order. A Bob round pairs with Alice's round at its candidate index
/// offset only if the residual lies within the tolerance of the line and exactly one candidate offset fits;
/// each Alice round pairs at most once. The pairs are held as stretches of rounds consecutive at both stations
/// (a healthy block is one stretch per chunk), so the fit and the ranges walk plain spans of tags instead of a
/// list of positions per pair. The stretches are always maximal: a pair that continues the last stretch at both
/// stations joins it, however it was added, so the same pairs always give the same stretches (and the fit,
/// which sums stretch by stretch, the same bits).
/// </summary>
internal sealed class Pairing
{
    private readonly List<PairedStretch> _stretches = [];
    private readonly TagSeries _aliceSeries;
    private readonly TagSeries _bobSeries;

    public Pairing(TagSeries alice, TagSeries bob)
    {
        _aliceSeries = alice;
        _bobSeries = bob;
    }

    public long Paired { get; private set; }

    public IReadOnlyList<PairedStretch> Stretches => _stretches;

    /// <summary>Pairs Bob's position <paramref name="bob"/> with Alice's <paramref name="alice"/>, after every pair added before in Bob order.</summary>
    public void Add(int bob, int alice) => AddStretch(bob, alice, 1);

    /// <summary>
    /// Pairs <paramref name="length"/> positions from <paramref name="bob"/> and <paramref name="alice"/> on, whose
    /// rounds the caller found consecutive at both stations.
    /// </summary>
    public void AddStretch(int bob, int alice, int length)
    {
        if (_stretches.Count > 0 && Continues(_stretches[^1], bob, alice))
            _stretches[^1] = _stretches[^1] with { Length = _stretches[^1].Length + length };
        else
            _stretches.Add(new PairedStretch(bob, alice, length));
        Paired += length;
    }

    private bool Continues(PairedStretch last, int bob, int alice) =>
        bob == last.Bob + last.Length && alice == last.Alice + last.Length
        && _bobSeries.Rounds[bob] == _bobSeries.Rounds[bob - 1] + 1
        && _aliceSeries.Rounds[alice] == _aliceSeries.Rounds[alice - 1] + 1;

    public static Pairing Run(TagSeries alice, TagSeries bob, Candidates candidates, List<Run> runs, long?[] runOffsets, LineModel model, double tolerance)
    {
        var pairing = new Pairing(alice, bob);
        var used = new bool[alice.Count];
        Span<long> options = stackalloc long[2];
        var lookup = new RoundLookup(alice.Rounds);
        int runIndex = 0;
        for (int j = 0; j < bob.Count; j++)
        {
            while (runIndex < runs.Count && candidates.BobPosition[runs[runIndex].End - 1] < j)
                runIndex++;
            int count = CandidateOffsets(candidates, runs, runOffsets, runIndex, j, options);
            int match = -1;
            int matches = 0;
            for (int o = 0; o < count; o++)
            {
                int i = lookup.IndexOf(bob.Rounds[j] + options[o]);
                if (i < 0 || Math.Abs(model.Residual(alice.Tags[i], bob.Tags[j])) > tolerance)
                    continue;
                matches++;
                match = i;
            }
            if (matches != 1 || used[match])
                continue;
            used[match] = true;
            pairing.Add(j, match);
        }
        return pairing;
    }

    /// <summary>
    /// Offsets worth trying for Bob position <paramref name="j"/>: its run's, when the run covers it and its shift is
    /// clear; otherwise the nearest clear offsets before and after (between two runs, the shift happened somewhere
    /// in the gap, and the residual decides which side a round is on).
    /// </summary>
    private static int CandidateOffsets(Candidates c, List<Run> runs, long?[] offsets, int runIndex, int j, Span<long> result)
    {
        if (runIndex < runs.Count && c.BobPosition[runs[runIndex].Start] <= j && offsets[runIndex] is long inside)
        {
            result[0] = inside;
            return 1;
        }
        int count = 0;
        for (int k = Math.Min(runIndex, runs.Count - 1); k >= 0; k--)
        {
            bool before = c.BobPosition[runs[k].Start] <= j;
            if (k == runIndex && !before)
                continue;
            if (offsets[k] is long b)
            {
                result[count++] = b;
                break;
            }
        }
        for (int k = runIndex; k < runs.Count; k++)
        {
            if (offsets[k] is long a)
            {
                if (count == 0 || result[0] != a)
                    result[count++] = a;
                break;
            }
        }
        return count;
    }

    /// <summary>The pairs as ranges of rounds: one per stretch, since stretches are maximal.</summary>
    public List<AlignedRange> Ranges() =>
        _stretches.ConvertAll(s => new AlignedRange(_bobSeries.Rounds[s.Bob], _aliceSeries.Rounds[s.Alice], s.Length));
}

/// <summary>Bob's positions [Bob, Bob + Length) pair with Alice's [Alice, Alice + Length), rounds consecutive at both.</summary>
internal readonly record struct PairedStretch(int Bob, int Alice, int Length);
