namespace QkdEdge.Alignment;

internal static class Statistics
{
    /// <summary>Normal-consistent scale of the median absolute deviation.</summary>
    private const double MadToSigma = 1.4826;

    /// <summary>The median; rearranges <paramref name="values"/>.</summary>
    public static double Median(double[] values) => Selection.Median(values);

    public static double RobustSigma(double[] values)
    {
        if (values.Length == 0)
            return double.NaN;
        double median = Median((double[])values.Clone());
        var deviations = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
            deviations[i] = Math.Abs(values[i] - median);
        return MadToSigma * Median(deviations);
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
        return count == 0 ? double.NaN : Median(count == steps.Length ? steps : steps[..count]);
    }
}
