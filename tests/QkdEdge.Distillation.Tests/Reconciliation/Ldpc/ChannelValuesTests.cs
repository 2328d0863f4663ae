using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Reconciliation.Ldpc;

namespace QkdEdge.Distillation.Tests.Reconciliation.Ldpc;

public class ChannelValuesTests
{
    // Counts that end inside a 32-bit step and inside a word, so the vector path hands a tail to the scalar one.
    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(65)]
    [InlineData(1000)]
    [InlineData(65_536)]
    public void Fill_WhenBitsAreRandom_GivesPlusMagnitudeForZeroAndMinusForOneOnBothPaths(int count)
    {
        var rng = new Xoshiro256StarStar((ulong)count + 1);
        var bits = new ulong[PackedBits.WordCount(count) + 1];
        rng.Fill(bits);
        const sbyte magnitude = 14;
        foreach (bool vectors in new[] { false, true })
        {
            var values = new sbyte[count + 8];
            Array.Fill(values, (sbyte)99); // past the count nothing may change
            ChannelValues.Fill(bits, count, magnitude, values, vectors);
            for (int v = 0; v < count; v++)
            {
                Assert.Equal(PackedBits.Get(bits, v) ? -magnitude : magnitude, values[v]);
            }

            Assert.All(values[count..], x => Assert.Equal(99, x));
        }
    }

    [Fact]
    public void Fill_WhenTheDestinationIsShorterThanTheCount_Throws()
    {
        var bits = new ulong[2];
        Assert.Throws<ArgumentException>(() => ChannelValues.Fill(bits, 100, 5, new sbyte[99]));
        Assert.Throws<ArgumentException>(() => ChannelValues.Fill(bits, 129, 5, new sbyte[200]));
    }
}
