using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Verification;

namespace QkdEdge.Distillation.Tests.Verification;

public class VerificationTagTests
{
    [Theory]
    [InlineData(1_000_000L, 1e-10)]
    [InlineData(1_000_000L, 1e-15)]
    [InlineData(160_000_000L, 1e-10)]
    [InlineData(160_000_000L, 1e-30)]
    [InlineData(64L, 1e-19)]
    public void LanesFor_WhenEpsilonIsGiven_IsTheFewestLanesMeetingIt(long keyBits, double epsilon)
    {
        int lanes = VerificationTagLength.LanesFor(keyBits, epsilon);
        Assert.True(VerificationTagLength.CollisionBound(keyBits, lanes) <= epsilon);
        if (lanes > 1)
        {
            Assert.True(VerificationTagLength.CollisionBound(keyBits, lanes - 1) > epsilon);
        }
    }

    [Fact]
    public void LanesFor_WhenEpsilonShrinks_NeverShortensTheTag()
    {
        int previous = 0;
        for (int exponent = 1; exponent <= 80; exponent++)
        {
            int lanes = VerificationTagLength.LanesFor(1 << 24, Math.Pow(10, -exponent));
            Assert.True(lanes >= previous);
            previous = lanes;
        }

        Assert.True(previous >= 5); // 1e-80 needs about 266 bits: 64-bit lanes carry about 45 bits of security each here
    }

    [Fact]
    public void CollisionBound_WhenKeyGrows_IsTheDegreeOverTheFieldSize()
    {
        double expected = (1_000_000 / 64.0 + 2) / Math.Pow(2, 64);
        Assert.InRange(VerificationTagLength.CollisionBound(1_000_000, 1) / expected, 1 - 1e-12, 1 + 1e-12);
        Assert.InRange(VerificationTagLength.CollisionBound(1_000_000, 3) / Math.Pow(expected, 3), 1 - 1e-12, 1 + 1e-12);
    }

    [Fact]
    public void Matches_WhenBobsKeyIsWrong_ReturnsFalse()
    {
        var rng = new Xoshiro256StarStar(22);
        var key = new ulong[1000];
        rng.Fill(key);
        ulong[] points = [rng.NextUInt64(), rng.NextUInt64()];
        var tag = VerificationTag.Create(key, 64_000, 1e-30, points);
        Assert.Equal(VerificationTagLength.LanesFor(64_000, 1e-30), tag.Tag.Count);
        Assert.Equal(64 * tag.Tag.Count, tag.TagBits);
        Assert.True(tag.Matches(key, 64_000));
        for (int trial = 0; trial < 50; trial++)
        {
            var wrong = (ulong[])key.Clone();
            int flips = 1 + rng.NextInt(20);
            for (int i = 0; i < flips; i++)
            {
                PackedBits.Flip(wrong, rng.NextInt(64_000));
            }

            if (!wrong.AsSpan().SequenceEqual(key))
            {
                Assert.False(tag.Matches(wrong, 64_000));
            }
        }

        Assert.False(tag.Matches(key, 63_999));
    }

    [Fact]
    public void Create_WhenTooFewRandomPointsAreSupplied_Throws()
    {
        var key = new ulong[10];
        Assert.Throws<ArgumentException>(() => VerificationTag.Create(key, 640, 1e-40, new ulong[1]));
    }
}
