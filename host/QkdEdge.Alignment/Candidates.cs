using System.Buffers;

namespace QkdEdge.Alignment;

/// <summary>A run of consecutive candidate pairs with no step in the residual: [Start, Start + Length).</summary>
internal readonly record struct Run(int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>
/// Pairs under one index offset, as columns: positions in each series, x = tA - reference tag, and
/// d = (tB - tA) - origin, where origin is the first pair's tB - tA (subtracted in 64-bit integers, so doubles
/// only ever hold small numbers whatever the stations' offset).
/// </summary>
internal sealed class Candidates
{
    public required int[] BobPosition { get; init; }

    public required int[] AlicePosition { get; init; }

    public required double[] X { get; init; }

    public required double[] D { get; init; }

    public required long DifferenceOrigin { get; init; }

    public int Count => X.Length;

    public static Candidates Build(TagSeries alice, TagSeries bob, long indexOffset, long referenceTag)
    {
        // Two merges of the sorted indices: the first only counts the matches, so the arrays are allocated once at their size.
        int n = Match(alice.Rounds, bob.Rounds, indexOffset, [], []);
        var bobPositions = new int[n];
        var alicePositions = new int[n];
        Match(alice.Rounds, bob.Rounds, indexOffset, bobPositions, alicePositions);
        long origin = n == 0 ? 0 : unchecked(bob.Tags[bobPositions[0]] - alice.Tags[alicePositions[0]]);
        var x = new double[n];
        var d = new double[n];
        for (int k = 0; k < n; k++)
        {
            long tA = alice.Tags[alicePositions[k]];
            long tB = bob.Tags[bobPositions[k]];
            x[k] = unchecked(tA - referenceTag);
            d[k] = unchecked(tB - tA - origin);
        }
        return new Candidates
        {
            BobPosition = bobPositions,
            AlicePosition = alicePositions,
            X = x,
            D = d,
            DifferenceOrigin = origin,
        };
    }

    /// <summary>
    /// Walks both stations' indices once and counts Bob's rounds whose index plus <paramref name="indexOffset"/> Alice
    /// has; writes their positions when the output spans are not empty.
    /// </summary>
    private static int Match(ReadOnlySpan<long> aRounds, ReadOnlySpan<long> bRounds, long indexOffset, Span<int> bobPositions, Span<int> alicePositions)
    {
        bool write = !bobPositions.IsEmpty;
        int found = 0;
        for (int i = 0, j = 0; j < bRounds.Length; j++)
        {
            long target = bRounds[j] + indexOffset;
            while (i < aRounds.Length && aRounds[i] < target)
                i++;
            if (i < aRounds.Length && aRounds[i] == target)
            {
                if (write)
                {
                    bobPositions[found] = j;
                    alicePositions[found] = i;
                }

                found++;
            }
        }

        return found;
    }

    /// <summary>
    /// Robust standard deviation of the residual's step between neighbouring pairs (both indices +1): 1.4826 times
    /// the median absolute deviation, which ignores the few steps that are shifts or outliers.
    /// </summary>
    public double StepSigma()
    {
        var steps = new double[Math.Max(Count - 1, 0)];
        int count = 0;
        for (int k = 1; k < Count; k++)
        {
            if (BobPosition[k] == BobPosition[k - 1] + 1 && AlicePosition[k] == AlicePosition[k - 1] + 1)
                steps[count++] = D[k] - D[k - 1];
        }
        if (count < 8)
        {
            count = 0;
            for (int k = 1; k < Count; k++)
                steps[count++] = D[k] - D[k - 1];
        }
        return Statistics.RobustSigma(steps.AsSpan(0, count));
    }

    /// <summary>
    /// Cuts wherever the residual steps by more than the tolerance, and wherever a gap is long enough that an
    /// unknown rate could hide a step: a cut only costs a level comparison later, a missed one a wrong pairing.
    /// </summary>
    public List<Run> SplitRuns(double stepTolerance, double maxRate)
    {
        var runs = new List<Run>();
        int start = 0;
        for (int k = 1; k <= Count; k++)
        {
            bool cut = k == Count
                || Math.Abs(D[k] - D[k - 1]) > stepTolerance
                || maxRate * Math.Abs(X[k] - X[k - 1]) > stepTolerance;
            if (cut)
            {
                runs.Add(new Run(start, k - start));
                start = k;
            }
        }
        return runs;
    }

    /// <summary>
    /// Least-squares slope of d on x shared by all runs, each run with its own intercept (so shifts between runs
    /// do not bias it); then once more without points farther than <paramref name="outlierTolerance"/> from it.
    /// </summary>
    public double PooledSlope(List<Run> runs, double outlierTolerance)
    {
        double slope = PooledSlope(runs, null);
        if (double.IsNaN(slope))
            return slope;
        var keep = new bool[Count];
        foreach (var run in runs)
        {
            double level = Level(run, slope);
            for (int k = run.Start; k < run.End; k++)
                keep[k] = Math.Abs(D[k] - slope * X[k] - level) <= outlierTolerance;
        }
        double refined = PooledSlope(runs, keep);
        return double.IsNaN(refined) ? slope : refined;
    }

    /// <summary>Median of d - slope * x over the run: the run's level at x = 0, robust to a stray tag.</summary>
    public double Level(Run run, double slope)
    {
        double[] values = ArrayPool<double>.Shared.Rent(run.Length);
        try
        {
            for (int k = 0; k < run.Length; k++)
                values[k] = D[run.Start + k] - slope * X[run.Start + k];
            return Statistics.Median(values.AsSpan(0, run.Length));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(values);
        }
    }

    private double PooledSlope(List<Run> runs, bool[]? keep)
    {
        double sxy = 0, sxx = 0;
        foreach (var run in runs)
        {
            double sx = 0, sy = 0;
            int n = 0;
            for (int k = run.Start; k < run.End; k++)
            {
                if (keep is not null && !keep[k])
                    continue;
                sx += X[k];
                sy += D[k];
                n++;
            }
            if (n < 2)
                continue;
            double mx = sx / n, my = sy / n;
            for (int k = run.Start; k < run.End; k++)
            {
                if (keep is not null && !keep[k])
                    continue;
                double dx = X[k] - mx;
                sxx += dx * dx;
                sxy += dx * (D[k] - my);
            }
        }
        return sxx > 0 ? sxy / sxx : double.NaN;
    }
}
