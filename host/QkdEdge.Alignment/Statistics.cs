namespace QkdEdge.Alignment;

internal static class Statistics
{
    /// <summary>Normal-consistent scale of the median absolute deviation.</summary>
    private const double MadToSigma = 1.4826;

    public static double Median(double[] values)
    {
        if (values.Length == 0)
            return double.NaN;
        Array.Sort(values);
        int mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
    }

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
        var steps = new List<double>();
        for (int i = 1; i < rounds.Length; i++)
        {
            if (rounds[i] == rounds[i - 1] + 1)
                steps.Add(unchecked(tags[i] - tags[i - 1]));
        }
        return steps.Count == 0 ? double.NaN : Median(steps.ToArray());
    }
}
