namespace QkdEdge.Alignment;

/// <summary>
/// The k-th smallest of a span in expected linear time (Hoare's quickselect on a median-of-three pivot), for
/// the aligner's medians over millions of tags: sorting them cost more than all the pairing. A board is not
/// trusted, so its tags may be chosen to defeat the pivot rule; after 2 log2(n) + 8 partition rounds the rest
/// is sorted instead, which bounds the worst case by the sort's O(n log n). Hand-written because .NET has no
/// selection primitive; the values returned are exactly those a full sort would put at k.
/// </summary>
internal static class Selection
{
    /// <summary>Rearranges <paramref name="values"/> and returns its <paramref name="k"/>-th smallest (0-based).</summary>
    public static double Select(Span<double> values, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, values.Length);
        int lo = 0, hi = values.Length - 1;
        int budget = 2 * (int)Math.Log2(values.Length + 1) + 8;
        while (hi > lo)
        {
            if (--budget < 0)
            {
                values[lo..(hi + 1)].Sort();
                return values[k];
            }

            int mid = lo + ((hi - lo) >> 1);
            double pivot = MedianOfThree(values[lo], values[mid], values[hi]);
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                    i++;
                while (values[j] > pivot)
                    j--;
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            // Now [lo, j] <= pivot <= [i, hi], and anything strictly between j and i equals the pivot.
            if (k <= j)
                hi = j;
            else if (k >= i)
                lo = i;
            else
                return pivot;
        }

        return values[k];
    }

    /// <summary>The median (the mean of the two middle values for an even count); NaN when empty. Rearranges the span.</summary>
    public static double Median(Span<double> values)
    {
        if (values.Length == 0)
            return double.NaN;
        int mid = values.Length / 2;
        double upper = Select(values, mid);
        if (values.Length % 2 == 1)
            return upper;
        // After selecting index mid, everything before it is <= values[mid]: the lower middle value is their maximum.
        double lower = double.NegativeInfinity;
        foreach (double v in values[..mid])
            lower = Math.Max(lower, v);
        return 0.5 * (lower + upper);
    }

    private static double MedianOfThree(double a, double b, double c) =>
        Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
