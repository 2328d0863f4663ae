using CsCheck;
using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Sifting;
using QkdEdge.Distillation.Tests.Support;

namespace QkdEdge.Distillation.Tests.Sifting;

public class SifterTests
{
    [Fact]
    public void Sift_WhenVectorAndScalarKernelsRunOnTheSamePlanes_ReturnIdenticalCountsAndKeys()
    {
        Property.Check(Gen.Select(Gen.Int[0, 9000], Gen.ULong), 60, seed: 1, input =>
        {
            var (rounds, seed) = input;
            var data = new RandomPlanes(rounds, seed);
            var vectorKey = new ulong[PackedBits.WordCount(rounds) + 1];
            var scalarKey = new ulong[PackedBits.WordCount(rounds) + 1];
            var vector = Sifter.Sift(data.Planes, data.A, vectorKey, 0, SiftKernel.Vector256);
            var scalar = Sifter.Sift(data.Planes, data.A, scalarKey, 0, SiftKernel.Scalar);
            Assert.Equal(scalar, vector);
            Assert.Equal(scalarKey, vectorKey);
        });
    }

    [Fact]
    public void Count_WhenComparedWithAPerRoundLoop_Agrees()
    {
        Property.Check(Gen.Select(Gen.Int[0, 5000], Gen.ULong), 40, seed: 2, input =>
        {
            var (rounds, seed) = input;
            var data = new RandomPlanes(rounds, seed);
            var tested = new long[3, 2];
            var agree = new long[3, 2];
            long invalid = 0, key = 0;
            for (long i = 0; i < rounds; i++)
            {
                int x = data.X(i);
                int y = PackedBits.GetBit(data.Bob, i);
                if (x == 3)
                {
                    invalid++;
                    continue;
                }

                if (PackedBits.Get(data.Test, i))
                {
                    tested[x, y]++;
                    agree[x, y] += PackedBits.GetBit(data.A, i) == PackedBits.GetBit(data.B, i) ? 1 : 0;
                }
                else if (x == 2 && y == 1)
                {
                    key++;
                }
            }

            foreach (var kernel in new[] { SiftKernel.Scalar, SiftKernel.Vector256 })
            {
                var counts = Sifter.Count(data.Planes, kernel);
                for (int x = 0; x < 3; x++)
                {
                    for (int y = 0; y < 2; y++)
                    {
                        Assert.Equal(tested[x, y], counts.TestedRounds(x, y));
                        Assert.Equal(agree[x, y], counts.Agreements(x, y));
                    }
                }

                Assert.Equal(invalid, counts.InvalidSettingRounds);
                Assert.Equal(key, counts.RawKeyRounds);
            }
        });
    }

    [Fact]
    public void Sift_WhenKeyBitsAreExtracted_TheyAreTheOutcomesOfUntestedKeyRoundsInOrder()
    {
        Property.Check(Gen.Select(Gen.Int[0, 5000], Gen.ULong, Gen.Int[0, 200]), 40, seed: 3, input =>
        {
            var (rounds, seed, offset) = input;
            var data = new RandomPlanes(rounds, seed);
            var expected = new List<int>();
            for (long i = 0; i < rounds; i++)
            {
                if (data.X(i) == 2 && PackedBits.Get(data.Bob, i) && !PackedBits.Get(data.Test, i))
                {
                    expected.Add(PackedBits.GetBit(data.B, i));
                }
            }

            // Bits before the offset must survive: fill them with a pattern first.
            var key = new ulong[PackedBits.WordCount(offset + rounds) + 1];
            Array.Fill(key, 0xA5A5_A5A5_A5A5_A5A5UL);
            var result = Sifter.Sift(data.Planes, data.B, key, offset, SiftKernel.Auto);
            Assert.Equal(expected.Count, result.KeyBitsWritten);
            for (int j = 0; j < expected.Count; j++)
            {
                Assert.Equal(expected[j], PackedBits.GetBit(key, offset + j));
            }

            for (int j = 0; j < offset; j++)
            {
                Assert.Equal((int)((0xA5A5_A5A5_A5A5_A5A5UL >> (j & 63)) & 1), PackedBits.GetBit(key, j));
            }
        });
    }

    [Fact]
    public void WriteKeyRoundMask_WhenComparedWithAPerRoundLoop_MarksExactlyTheUntestedKeyRounds()
    {
        var data = new RandomPlanes(3001, seed: 4);
        var mask = new ulong[PackedBits.WordCount(3001)];
        Sifter.WriteKeyRoundMask(data.Planes, mask);
        for (long i = 0; i < 3001; i++)
        {
            bool expected = data.X(i) == 2 && PackedBits.Get(data.Bob, i) && !PackedBits.Get(data.Test, i);
            Assert.Equal(expected, PackedBits.Get(mask, i));
        }

        Assert.Equal(0UL, mask[^1] >> (3001 & 63));
    }
}
