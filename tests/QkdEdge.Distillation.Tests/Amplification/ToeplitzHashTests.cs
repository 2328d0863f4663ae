using CsCheck;
using QkdEdge.Distillation.Amplification;
using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Tests.Support;

namespace QkdEdge.Distillation.Tests.Amplification;

public class ToeplitzHashTests
{
    private static ulong[] Random(long bits, ref Xoshiro256StarStar rng)
    {
        var words = new ulong[PackedBits.WordCount(bits) + 1];
        rng.Fill(words);
        return words;
    }

    [Fact]
    public void Hash_WhenComparedWithThePlainMatrixProduct_IsBitIdentical()
    {
        // Sizes straddle the switch from the schoolbook to the FFT product (16,384 product bits).
        Property.Check(Gen.Select(Gen.Int[1, 12_000], Gen.Double[0, 1], Gen.ULong), 30, seed: 40, input =>
        {
            var (n, fraction, seed) = input;
            long l = (long)(fraction * n);
            var rng = new Xoshiro256StarStar(seed);
            var x = Random(n, ref rng);
            var t = Random(ToeplitzHash.SeedBits(n, l), ref rng);
            var fast = new ulong[PackedBits.WordCount(l) + 1];
            var plain = new ulong[PackedBits.WordCount(l) + 1];
            ToeplitzHash.Hash(x, n, t, l, fast);
            ToeplitzHash.HashQuadratic(x, n, t, l, plain);
            Assert.Equal(plain, fast);
        });
    }

    [Fact]
    public void HashQuadratic_WhenTheMatrixIsWrittenOut_FollowsTheToeplitzDefinition()
    {
        // T[i][j] = t[i - j + n - 1]: check one output bit against the definition written as a matrix.
        var rng = new Xoshiro256StarStar(41);
        const int n = 37, l = 11;
        var x = Random(n, ref rng);
        var t = Random(n + l - 1, ref rng);
        var y = new ulong[1];
        ToeplitzHash.HashQuadratic(x, n, t, l, y);
        for (int i = 0; i < l; i++)
        {
            int bit = 0;
            for (int j = 0; j < n; j++)
            {
                bit ^= PackedBits.GetBit(t, i - j + n - 1) & PackedBits.GetBit(x, j);
            }

            Assert.Equal(bit, PackedBits.GetBit(y, i));
        }
    }

    [Fact]
    public void MultiplyRange_WhenFftAndSchoolbookMultiplyLargePolynomials_AgreeOnEveryBit()
    {
        var rng = new Xoshiro256StarStar(42);
        foreach (var (na, nb) in new[] { (300_007L, 200_003L), (1L << 18, (1L << 18) + 1), (70_001L, 5L) })
        {
            var a = Random(na, ref rng);
            var b = Random(nb, ref rng);
            var schoolbook = new ulong[PackedBits.WordCount(na + nb) + 1];
            Gf2Polynomial.Schoolbook(a, na, b, nb, schoolbook);
            PackedBits.ClearTail(schoolbook, na + nb - 1);
            var fft = new ulong[PackedBits.WordCount(na + nb - 1)];
            Gf2Polynomial.MultiplyRange(a, na, b, nb, 0, na + nb - 1, fft);
            Assert.Equal(schoolbook.AsSpan(0, fft.Length).ToArray(), fft);
        }
    }

    [Fact]
    public void Forward_WhenFollowedByInverse_ReturnsTheInputAndEvaluatesThePolynomial()
    {
        var rng = new Xoshiro256StarStar(43);
        foreach (int k in new[] { 1, 2, 3, 6, 7, 12 })
        {
            var values = new ulong[1 << k];
            rng.Fill(values);
            var original = (ulong[])values.Clone();
            AdditiveFft.Forward(values);

            // Point u of the transform is the sum of the basis elements selected by the bits of u.
            for (int u = 0; u < values.Length; u += Math.Max(1, values.Length / 16))
            {
                ulong point = 0;
                for (int j = 0; j < k; j++)
                {
                    if (((u >> j) & 1) != 0)
                    {
                        point ^= CantorBasis.Beta(j);
                    }
                }

                ulong horner = 0;
                for (int i = original.Length - 1; i >= 0; i--)
                {
                    horner = Gf64.Multiply(horner, point) ^ original[i];
                }

                Assert.Equal(horner, values[u]);
            }

            AdditiveFft.Inverse(values);
            Assert.Equal(original, values);
        }
    }

    [Fact]
    public void Hash_WhenOutputLongerThanInput_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ToeplitzHash.Hash(new ulong[1], 10, new ulong[1], 11, new ulong[1]));
    }
}
