using CsCheck;
using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Tests.Support;
using QkdEdge.Distillation.Verification;

namespace QkdEdge.Distillation.Tests.Verification;

public class PolynomialHashTests
{
    [Fact]
    public void Append_WhenTheStringArrivesInPieces_GivesTheSameHashAsAtOnce()
    {
        Property.Check(Gen.Select(Gen.Int[0, 3000], Gen.Int[0, 3000], Gen.ULong), 100, seed: 20, input =>
        {
            var (length, cutSeed, seed) = input;
            var rng = new Xoshiro256StarStar(seed);
            var bits = new ulong[PackedBits.WordCount(length) + 1];
            rng.Fill(bits);
            ulong[] points = [rng.NextUInt64(), rng.NextUInt64()];
            int cut = length == 0 ? 0 : cutSeed % (length + 1);
            var whole = PolynomialHash.Compute(bits, length, points);
            var pieces = new PolynomialHash(points);
            pieces.Append(bits, cut);
            var rest = new ulong[PackedBits.WordCount(length - cut) + 1];
            PackedBits.Copy(bits, cut, rest, 0, length - cut);
            pieces.Append(rest, length - cut);
            Assert.Equal(whole, pieces.Finish());
        });
    }

    [Fact]
    public void Compute_WhenOneBitDiffers_GivesAnotherHash()
    {
        // A single flipped bit changes the hash polynomial by one non-zero monomial, which vanishes only at k = 0.
        Property.Check(Gen.Select(Gen.Int[1, 5000], Gen.ULong), 200, seed: 21, input =>
        {
            var (length, seed) = input;
            var rng = new Xoshiro256StarStar(seed);
            var key = new ulong[PackedBits.WordCount(length)];
            rng.Fill(key);
            PackedBits.ClearTail(key, length);
            ulong[] points = [rng.NextUInt64() | 1];
            var other = (ulong[])key.Clone();
            PackedBits.Flip(other, rng.NextInt(length));
            Assert.NotEqual(PolynomialHash.Compute(key, length, points), PolynomialHash.Compute(other, length, points));
        });
    }

    [Fact]
    public void Compute_WhenLengthsDifferButTheBitsAgree_GivesAnotherHash()
    {
        var key = new ulong[4];
        ulong[] points = [0x9E37_79B9_7F4A_7C15UL];
        Assert.NotEqual(PolynomialHash.Compute(key, 200, points), PolynomialHash.Compute(key, 201, points));
    }
}
