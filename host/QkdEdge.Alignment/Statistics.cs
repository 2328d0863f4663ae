namespace QkdEdge.Alignment;

/// <summary>Robust statistics over scratch spans: each method rearranges or overwrites what it is given.</summary>
internal static class Statistics
{
    /// <summary>Normal-consistent scale of the median absolute deviation.</summary>
    private const double MadToSigma = 1.4826;

    /// <summary>The median; rearranges <paramref name="values"/>.</summary>
    public static double Median(Span<double> values) => Selection.Median(values);

    /// <summary>1.4826 times the median absolute deviation; overwrites <paramref name="values"/> with the deviations.</summary>
    public static double RobustSigma(Span<double> values)
    {
        if (values.Length == 0)
            return double.NaN;
        double median = Median(values);
        // The deviations do not depend on order, so the rearranged values serve.
        for (int i = 0; i < values.Length; i++)
            values[i] = Math.Abs(values[i] - median);
        return MadToSigma * Median(values);
    }

    /// <summary>Median tag step between consecutive round indices: the trigger period in that station's ticks.</summary>
    public static double TypicalStep(ReadOnlySpan<long> rounds, ReadOnlySpan<long> tags)
    {
        var steps = new double[Math.Max(rounds.Length - 1, 0)];
        int count = 0;
        for (int i = 1; i < rounds.Length; i++)
        {
            if (rounds[i] == rounds[i - 1] + 1)
                steps[count++] = unchecked(tags[i] - tags[i - 1]);
        }
        return count == 0 ? double.NaN : Median(steps.AsSpan(0, count));
    }
}
