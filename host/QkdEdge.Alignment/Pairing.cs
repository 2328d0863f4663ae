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
/// each Alice round pairs at most once.
/// </summary>
internal sealed class Pairing
{
    private List<int> _bob = [];
    private List<int> _alice = [];
    private TagSeries _aliceSeries = null!;
    private TagSeries _bobSeries = null!;

    public long Paired => _bob.Count;

    /// <summary>Pairs already verified elsewhere (<see cref="LockedTracking"/>): Bob's and Alice's positions, in Bob order.</summary>
    public static Pairing FromPositions(TagSeries alice, TagSeries bob, List<int> bobPositions, List<int> alicePositions) =>
        new() { _aliceSeries = alice, _bobSeries = bob, _bob = bobPositions, _alice = alicePositions };

    public static Pairing Run(TagSeries alice, TagSeries bob, Candidates candidates, List<Run> runs, long?[] runOffsets, LineModel model, double tolerance)
    {
        var pairing = new Pairing { _aliceSeries = alice, _bobSeries = bob };
        pairing._bob.Capacity = bob.Count;
        pairing._alice.Capacity = bob.Count;
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
            pairing._bob.Add(j);
            pairing._alice.Add(match);
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

    public List<AlignedRange> Ranges()
    {
        var ranges = new List<AlignedRange>();
        long bobFirst = 0, aliceFirst = 0, length = 0;
        for (int k = 0; k < _bob.Count; k++)
        {
            long b = _bobSeries.Rounds[_bob[k]];
            long a = _aliceSeries.Rounds[_alice[k]];
            if (length > 0 && b == bobFirst + length && a == aliceFirst + length)
            {
                length++;
                continue;
            }
            if (length > 0)
                ranges.Add(new AlignedRange(bobFirst, aliceFirst, length));
            bobFirst = b;
            aliceFirst = a;
            length = 1;
        }
        if (length > 0)
            ranges.Add(new AlignedRange(bobFirst, aliceFirst, length));
        return ranges;
    }

    /// <summary>Ordinary least squares of tB - tA on tA over the verified pairs, with textbook standard errors.</summary>
    public static ClockRelation? Fit(TagSeries alice, TagSeries bob, Pairing pairing, long referenceTag)
    {
        int n = pairing._bob.Count;
        if (n < 3)
            return null;
        long origin = unchecked(bob.Tags[pairing._bob[0]] - alice.Tags[pairing._alice[0]]);
        double sx = 0, sy = 0;
        for (int k = 0; k < n; k++)
        {
            var (x, y) = Point(k);
            sx += x;
            sy += y;
        }
        double mx = sx / n, my = sy / n, sxx = 0, sxy = 0;
        for (int k = 0; k < n; k++)
        {
            var (x, y) = Point(k);
            sxx += (x - mx) * (x - mx);
            sxy += (x - mx) * (y - my);
        }
        if (sxx <= 0)
            return null;
        double slope = sxy / sxx;
        double level = my - slope * mx; // at x = 0, the reference tag
        double ssr = 0;
        for (int k = 0; k < n; k++)
        {
            var (x, y) = Point(k);
            double e = y - level - slope * x;
            ssr += e * e;
        }
        double sigma = Math.Sqrt(ssr / (n - 2));
        double whole = Math.Floor(level);
        return new ClockRelation(
            referenceTag,
            unchecked(origin + (long)whole),
            level - whole,
            sigma * Math.Sqrt(1.0 / n + mx * mx / sxx),
            slope,
            sigma / Math.Sqrt(sxx),
            sigma,
            n);

        (double X, double Y) Point(int k)
        {
            long tA = alice.Tags[pairing._alice[k]];
            long tB = bob.Tags[pairing._bob[k]];
            return (unchecked(tA - referenceTag), unchecked(tB - tA - origin));
        }
    }
}
