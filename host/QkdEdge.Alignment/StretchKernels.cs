using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace QkdEdge.Alignment;

/// <summary>
/// The loops the aligner runs over a stretch of paired tags (Alice's and Bob's tags of rounds consecutive at both
/// stations, position for position): the least-squares sums of the clock fit, the residual check against a line,
/// and the smallest step between Bob's tags. A locked chunk of 2^17 rounds is one stretch, and these loops are
/// nearly all of the aligner's work on it.
/// <para>
/// Each sum is kept in four partial sums, lane k taking the pairs at k, k + 4, ..., added up as (0 + 1) + (2 + 3).
/// With 256-bit vectors the four lanes are one vector; without them a scalar loop keeps the same four sums in the
/// same order, so both give the same bits (<c>StretchKernelsTests</c>), and with them a single running sum no longer
/// waits on the previous addition for every pair.
/// </para>
/// </summary>
internal static class StretchKernels
{
    /// <summary>Whether the vector loops run (256-bit vectors in hardware); the scalar ones give the same results.</summary>
    public static bool Vectorised => Vector256.IsHardwareAccelerated;

    /// <summary>Sums of x = tA - reference and y = tB - tA - origin.</summary>
    public static (double X, double Y) SumPoints(ReadOnlySpan<long> alice, ReadOnlySpan<long> bob, long reference, long origin) =>
        Vectorised ? SumPointsVector(alice, bob, reference, origin) : SumPointsScalar(alice, bob, reference, origin);

    /// <summary>Sums of (x - mx)^2 and (x - mx)(y - my).</summary>
    public static (double XX, double XY) SumCentredProducts(ReadOnlySpan<long> alice, ReadOnlySpan<long> bob, long reference, long origin, double mx, double my) =>
        Vectorised ? SumCentredProductsVector(alice, bob, reference, origin, mx, my) : SumCentredProductsScalar(alice, bob, reference, origin, mx, my);

    /// <summary>Sum of (y - level - slope x)^2.</summary>
    public static double SumSquaredResiduals(ReadOnlySpan<long> alice, ReadOnlySpan<long> bob, long reference, long origin, double level, double slope) =>
        Vectorised ? SumSquaredResidualsVector(alice, bob, reference, origin, level, slope) : SumSquaredResidualsScalar(alice, bob, reference, origin, level, slope);

    /// <summary>Whether every pair's residual from <paramref name="line"/> is within <paramref name="tolerance"/>.</summary>
    public static bool WithinTolerance(ReadOnlySpan<long> alice, ReadOnlySpan<long> bob, LineModel line, double tolerance) =>
        Vectorised ? WithinToleranceVector(alice, bob, line, tolerance) : WithinToleranceScalar(alice, bob, line, tolerance);

    /// <summary>The smallest step between neighbouring tags (long.MaxValue for fewer than two).</summary>
    public static long SmallestStep(ReadOnlySpan<long> tags) => Vectorised ? SmallestStepVector(tags) : SmallestStepScalar(tags);

    internal static (double X, double Y) SumPointsScalar(ReadOnlySpan<long> a, ReadOnlySpan<long> b, long reference, long origin)
    {
        Span<double> x = stackalloc double[4];
        Span<double> y = stackalloc double[4];
        x.Clear();
        y.Clear();
        for (int k = 0; k < a.Length; k++)
        {
            x[k & 3] += unchecked(a[k] - reference);
            y[k & 3] += unchecked(b[k] - a[k] - origin);
        }

        return (Total(x), Total(y));
    }

    internal static (double X, double Y) SumPointsVector(ReadOnlySpan<long> a, ReadOnlySpan<long> b, long reference, long origin)
    {
        var x = Vector256<double>.Zero;
        var y = Vector256<double>.Zero;
        var referenceV = Vector256.Create(reference);
        var originV = Vector256.Create(origin);
        int k = 0;
        for (; k + 4 <= a.Length; k += 4)
        {
            var av = Load(a, k);
            x += Vector256.ConvertToDouble(av - referenceV);
            y += Vector256.ConvertToDouble(Load(b, k) - av - originV);
        }

        Span<double> xs = stackalloc double[4];
        Span<double> ys = stackalloc double[4];
        x.CopyTo(xs);
        y.CopyTo(ys);
        for (int lane = 0; k < a.Length; k++, lane++)
        {
            xs[lane] += unchecked(a[k] - reference);
            ys[lane] += unchecked(b[k] - a[k] - origin);
        }

        return (Total(xs), Total(ys));
    }

    internal static (double XX, double XY) SumCentredProductsScalar(ReadOnlySpan<long> a, ReadOnlySpan<long> b, long reference, long origin, double mx, double my)
    {
        Span<double> xx = stackalloc double[4];
        Span<double> xy = stackalloc double[4];
        xx.Clear();
        xy.Clear();
        for (int k = 0; k < a.Length; k++)
        {
            double dx = unchecked(a[k] - reference) - mx, dy = unchecked(b[k] - a[k] - origin) - my;
            xx[k & 3] += dx * dx;
            xy[k & 3] += dx * dy;
        }

        return (Total(xx), Total(xy));
    }

    internal static (double XX, double XY) SumCentredProductsVector(ReadOnlySpan<long> a, ReadOnlySpan<long> b, long reference, long origin, double mx, double my)
    {
        var xx = Vector256<double>.Zero;
        var xy = Vector256<double>.Zero;
        var referenceV = Vector256.Create(reference);
        var originV = Vector256.Create(origin);
        var mxV = Vector256.Create(mx);
        var myV = Vector256.Create(my);
        int k = 0;
        for (; k + 4 <= a.Length; k += 4)
        {
            var av = Load(a, k);
            var dx = Vector256.ConvertToDouble(av - referenceV) - mxV;
            var dy = Vector256.ConvertToDouble(Load(b, k) - av - originV) - myV;
            xx += dx * dx;
            xy += dx * dy;
        }

        Span<double> xxs = stackalloc double[4];
        Span<double> xys = stackalloc double[4];
        xx.CopyTo(xxs);
        xy.CopyTo(xys);
        for (int lane = 0; k < a.Length; k++, lane++)
        {
            double dx = unchecked(a[k] - reference) - mx, dy = unchecked(b[k] - a[k] - origin) - my;
            xxs[lane] += dx * dx;
            xys[lane] += dx * dy;
        }

        return (Total(xxs), Total(xys));
    }

    internal static double SumSquaredResidualsScalar(ReadOnlySpan<long> a, ReadOnlySpan<long> b, long reference, long origin, double level, double slope)
    {
        Span<double> sums = stackalloc double[4];
        sums.Clear();
        for (int k = 0; k < a.Length; k++)
        {
            double e = unchecked(b[k] - a[k] - origin) - level - slope * unchecked(a[k] - reference);
            sums[k & 3] += e * e;
        }

        return Total(sums);
    }

    internal static double SumSquaredResidualsVector(ReadOnlySpan<long> a, ReadOnlySpan<long> b, long reference, long origin, double level, double slope)
    {
        var sum = Vector256<double>.Zero;
        var referenceV = Vector256.Create(reference);
        var originV = Vector256.Create(origin);
        var levelV = Vector256.Create(level);
        var slopeV = Vector256.Create(slope);
        int k = 0;
        for (; k + 4 <= a.Length; k += 4)
        {
            var av = Load(a, k);
            var e = Vector256.ConvertToDouble(Load(b, k) - av - originV) - levelV - (slopeV * Vector256.ConvertToDouble(av - referenceV));
            sum += e * e;
        }

        Span<double> sums = stackalloc double[4];
        sum.CopyTo(sums);
        for (int lane = 0; k < a.Length; k++, lane++)
        {
            double e = unchecked(b[k] - a[k] - origin) - level - slope * unchecked(a[k] - reference);
            sums[lane] += e * e;
        }

        return Total(sums);
    }

    internal static bool WithinToleranceScalar(ReadOnlySpan<long> a, ReadOnlySpan<long> b, LineModel line, double tolerance)
    {
        for (int k = 0; k < a.Length; k++)
        {
            if (Math.Abs(line.Residual(a[k], b[k])) > tolerance)
                return false;
        }

        return true;
    }

    internal static bool WithinToleranceVector(ReadOnlySpan<long> a, ReadOnlySpan<long> b, LineModel line, double tolerance)
    {
        // The residual as LineModel.Residual computes it: (tB - tA - origin) - (level + rate (tA - reference)).
        var referenceV = Vector256.Create(line.ReferenceTag);
        var originV = Vector256.Create(line.Origin);
        var levelV = Vector256.Create(line.Level);
        var rateV = Vector256.Create(line.Rate);
        var toleranceV = Vector256.Create(tolerance);
        int k = 0;
        for (; k + 4 <= a.Length; k += 4)
        {
            var av = Load(a, k);
            var residual = Vector256.ConvertToDouble(Load(b, k) - av - originV) - (levelV + (rateV * Vector256.ConvertToDouble(av - referenceV)));
            if (Vector256.GreaterThanAny(Vector256.Abs(residual), toleranceV))
                return false;
        }

        return WithinToleranceScalar(a[k..], b[k..], line, tolerance);
    }

    internal static long SmallestStepScalar(ReadOnlySpan<long> tags)
    {
        long smallest = long.MaxValue;
        for (int k = 1; k < tags.Length; k++)
            smallest = Math.Min(smallest, unchecked(tags[k] - tags[k - 1]));
        return smallest;
    }

    internal static long SmallestStepVector(ReadOnlySpan<long> tags)
    {
        var smallest = Vector256.Create(long.MaxValue);
        int k = 1;
        for (; k + 4 <= tags.Length; k += 4)
            smallest = Vector256.Min(smallest, Load(tags, k) - Load(tags, k - 1));
        long result = Math.Min(Math.Min(smallest[0], smallest[1]), Math.Min(smallest[2], smallest[3]));
        return Math.Min(result, SmallestStepScalar(tags[(k - 1)..]));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<long> Load(ReadOnlySpan<long> values, int at) =>
        Vector256.LoadUnsafe(ref Unsafe.AsRef(in values[at]));

    private static double Total(ReadOnlySpan<double> lanes) => (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
}
