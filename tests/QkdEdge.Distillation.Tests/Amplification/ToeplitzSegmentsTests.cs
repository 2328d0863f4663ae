using CsCheck;
using QkdEdge.Distillation.Amplification;
using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Tests.Support;

namespace QkdEdge.Distillation.Tests.Amplification;

/// <summary>
/// Hashing the input in segments must give the matrix product bit for bit, whatever the segment length; and the
/// segment rule must only ever shrink the transforms, never add to their work.
/// </summary>
public sealed class ToeplitzSegmentsTests
{
    [Fact]
    public void HashInSegments_OfAnyWholeWordLength_EqualsThePlainMatrixProduct()
    {
        Property.Check(Gen.Select(Gen.Int[1, 6_000], Gen.Double[0, 1], Gen.Int[1, 100], Gen.ULong), 40, seed: 90, input =>
        {
            var (n, fraction, segmentWords, seed) = input;
            long l = (long)(fraction * n);
            var rng = new Xoshiro256StarStar(seed);
            var x = Random(n, ref rng); // words past n carry random bits, as a longer buffer would
            var t = Random(ToeplitzHash.SeedBits(n, Math.Max(l, 1)), ref rng);
            var segmented = new ulong[PackedBits.WordCount(l) + 1];
            var plain = new ulong[PackedBits.WordCount(l) + 1];

            ToeplitzHash.HashInSegments(x, n, t, l, segmented, 64L * segmentWords);
            ToeplitzHash.HashQuadratic(x, n, t, l, plain);

            Assert.Equal(plain, segmented);
        });
    }

    [Theory]
    [InlineData(300_000, 60_000, 2)]  // products large enough for the transform
    [InlineData(300_001, 150_000, 3)] // a short last segment
    [InlineData(1_000_000, 180_000, 4)]
    public void HashInSegments_AtTransformSizes_EqualsTheWholeProduct(int n, int l, int segments)
    {
        var rng = new Xoshiro256StarStar((ulong)n);
        var x = Random(n, ref rng);
        var t = Random(ToeplitzHash.SeedBits(n, l), ref rng);
        var whole = new ulong[PackedBits.WordCount(l)];
        var segmented = new ulong[PackedBits.WordCount(l)];

        Gf2Polynomial.MultiplyRange(t, ToeplitzHash.SeedBits(n, l), x, n, n - 1, l, whole);
        ToeplitzHash.HashInSegments(x, n, t, l, segmented, ((n + segments - 1) / segments + 63) / 64 * 64);

        Assert.Equal(whole, segmented);
    }

    [Fact]
    public void SegmentBits_ForA1e9RoundBlocksRawKey_QuartersTheTransform()
    {
        // 1.67E+08 raw key bits to 3.07E+07, the station's 10^9-round block: one product needs 2^24-element transforms.
        long n = 167_000_000, l = 30_700_000;
        long segment = ToeplitzHash.SegmentBits(n, l);

        Assert.Equal(1L << 24, Gf2Polynomial.TransformLength(ToeplitzHash.SeedBits(n, l), n));
        Assert.Equal(4, (n + segment - 1) / segment);
        Assert.Equal(1L << 22, Gf2Polynomial.TransformLength(segment + l - 1, segment));
    }

    [Fact]
    public void SegmentBits_NeverAddsTransformWork_AndKeepsWholeProductsWhereSegmentsGainNothing()
    {
        // The bench's 10^8 -> 5*10^7 hash: halves would still need 2^23-element transforms, so it stays whole.
        Assert.Equal(100_000_000, ToeplitzHash.SegmentBits(100_000_000, 50_000_000));

        Property.Check(Gen.Select(Gen.Long[1, 2_000_000_000], Gen.Double[0, 1]), 2000, seed: 91, input =>
        {
            var (n, fraction) = input;
            long l = Math.Max(1, (long)(fraction * n));
            long segment = ToeplitzHash.SegmentBits(n, l);
            long whole = Gf2Polynomial.TransformLength(ToeplitzHash.SeedBits(n, l), n);
            if (segment >= n)
                return;

            long count = (n + segment - 1) / segment;
            long length = Gf2Polynomial.TransformLength(segment + l - 1, segment);
            Assert.Equal(0, segment % 64);
            Assert.True(length < whole, $"n {n}, l {l}: segments of {segment} need {length}-element transforms, the whole {whole}");
            Assert.True(count * length <= whole, $"n {n}, l {l}: {count} transforms of {length} against one of {whole}");
        });
    }

    private static ulong[] Random(long bits, ref Xoshiro256StarStar rng)
    {
        var words = new ulong[PackedBits.WordCount(bits) + 1];
        rng.Fill(words);
        return words;
    }
}
