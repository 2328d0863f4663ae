namespace QkdEdge.Alignment;

/// <summary>
/// Ordinary least squares of tB - tA on tA over a block's verified pairs, with textbook standard errors. The sums run
/// stretch by stretch over plain spans of tags (<see cref="StretchKernels"/>). The order of the additions depends
/// only on the pairs (their stretches are maximal), so the same pairs give the same fit to the last bit, whichever
/// path of the aligner found them.
/// </summary>
internal static class ClockFit
{
    public static ClockRelation? Fit(TagSeries alice, TagSeries bob, Pairing pairing, long referenceTag)
    {
        long n = pairing.Paired;
        if (n < 3)
            return null;
        var aliceTags = alice.Tags;
        var bobTags = bob.Tags;
        var first = pairing.Stretches[0];
        long origin = unchecked(bobTags[first.Bob] - aliceTags[first.Alice]);

        // Points are x = tA - reference and y = tB - tA - origin, as doubles (exact below 2^53 ticks).
        double sx = 0, sy = 0;
        foreach (var s in pairing.Stretches)
        {
            var (x, y) = StretchKernels.SumPoints(aliceTags.Slice(s.Alice, s.Length), bobTags.Slice(s.Bob, s.Length), referenceTag, origin);
            sx += x;
            sy += y;
        }

        double mx = sx / n, my = sy / n, sxx = 0, sxy = 0;
        foreach (var s in pairing.Stretches)
        {
            var (xx, xy) = StretchKernels.SumCentredProducts(aliceTags.Slice(s.Alice, s.Length), bobTags.Slice(s.Bob, s.Length), referenceTag, origin, mx, my);
            sxx += xx;
            sxy += xy;
        }

        if (sxx <= 0)
            return null;
        double slope = sxy / sxx;
        double level = my - slope * mx; // at x = 0, the reference tag
        double ssr = 0;
        foreach (var s in pairing.Stretches)
            ssr += StretchKernels.SumSquaredResiduals(aliceTags.Slice(s.Alice, s.Length), bobTags.Slice(s.Bob, s.Length), referenceTag, origin, level, slope);

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
    }
}
