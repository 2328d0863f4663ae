using CsCheck;
using QkdEdge.Alignment;
using QkdEdge.Testing;

namespace QkdEdge.Host.Tests.Alignment;

/// <summary>
/// The aligner's loops over stretches of paired tags. The vector and scalar loops must give the same bits (the fit
/// of a block must not depend on the machine), and the checks must see every pair, the tail after the last whole
/// vector included. Both loops are called directly, so both run whatever this machine's vectors are.
/// </summary>
public sealed class StretchKernelsTests
{
    // Stretches of up to 70 pairs (every tail length, a few whole vectors): either tags of a clock line (a period of
    // 800 ticks, jitter, far from zero) or any 64-bit values (differences wrap, as the unchecked sums allow).
    private static readonly Gen<(long[] Alice, long[] Bob, long Reference, long Origin)> Stretch =
        Gen.Select(Gen.Int[0, 70], Gen.Bool, Gen.Int[0, 100_000])
            .Select(p =>
            {
                var (length, anyValues, seed) = p;
                var random = new Random(seed);
                var alice = new long[length];
                var bob = new long[length];
                long start = random.NextInt64(long.MinValue / 2, long.MaxValue / 2);
                long difference = random.NextInt64(-1L << 40, 1L << 40);
                for (int k = 0; k < length; k++)
                {
                    alice[k] = anyValues ? random.NextInt64(long.MinValue, long.MaxValue) : start + 800L * k + random.Next(-3, 4);
                    bob[k] = anyValues ? random.NextInt64(long.MinValue, long.MaxValue) : alice[k] + difference + (k / 7) + random.Next(-3, 4);
                }

                long reference = length > 0 && !anyValues ? alice[0] - random.Next(0, 1000) : random.NextInt64();
                long origin = length > 0 && !anyValues ? bob[0] - alice[0] : random.NextInt64();
                return (alice, bob, reference, origin);
            });

    [Fact]
    public void Sums_VectorAndScalarLoops_GiveTheSameBits()
    {
        Property.Check(Stretch, 400, seed: 41, s =>
        {
            Assert.Equal(
                StretchKernels.SumPointsScalar(s.Alice, s.Bob, s.Reference, s.Origin),
                StretchKernels.SumPointsVector(s.Alice, s.Bob, s.Reference, s.Origin));
            Assert.Equal(
                StretchKernels.SumCentredProductsScalar(s.Alice, s.Bob, s.Reference, s.Origin, 12_345.5, -0.25),
                StretchKernels.SumCentredProductsVector(s.Alice, s.Bob, s.Reference, s.Origin, 12_345.5, -0.25));
            Assert.Equal(
                StretchKernels.SumSquaredResidualsScalar(s.Alice, s.Bob, s.Reference, s.Origin, 1.75, 3e-6),
                StretchKernels.SumSquaredResidualsVector(s.Alice, s.Bob, s.Reference, s.Origin, 1.75, 3e-6));
        });
    }

    [Fact]
    public void SumPoints_OnSmallValues_IsTheExactSum()
    {
        // Integers below 2^53 add exactly in any order, so the partial sums must add up to the plain sum.
        Property.Check(Stretch, 200, seed: 42, s =>
        {
            if (s.Alice.Length == 0 || s.Alice.Any(a => Math.Abs((double)unchecked(a - s.Reference)) > 1e9))
                return;
            long x = s.Alice.Sum(a => a - s.Reference);
            long y = s.Alice.Zip(s.Bob, (a, b) => b - a - s.Origin).Sum();
            Assert.Equal(((double)x, (double)y), StretchKernels.SumPointsScalar(s.Alice, s.Bob, s.Reference, s.Origin));
            Assert.Equal(((double)x, (double)y), StretchKernels.SumPointsVector(s.Alice, s.Bob, s.Reference, s.Origin));
        });
    }

    [Fact]
    public void WithinTolerance_WhenOnePairAtAnyPositionLiesOutside_IsFalseOnBothLoops()
    {
        // Bob's tags exactly on the line (rate 0, level 0): then one tag moved by 4 ticks against a tolerance of 3.5,
        // at every position of stretches of every length up to 21 (whole vectors and every tail).
        for (int length = 1; length <= 21; length++)
        {
            var alice = Enumerable.Range(0, length).Select(k => 1_000_000L + 800 * k).ToArray();
            var bob = alice.Select(a => a + 500).ToArray();
            var line = new LineModel(alice[0], 500, 0, 0);
            Assert.True(StretchKernels.WithinToleranceScalar(alice, bob, line, 3.5));
            Assert.True(StretchKernels.WithinToleranceVector(alice, bob, line, 3.5));
            for (int at = 0; at < length; at++)
            {
                foreach (int move in new[] { 4, -4 })
                {
                    var moved = (long[])bob.Clone();
                    moved[at] += move;
                    Assert.False(StretchKernels.WithinToleranceScalar(alice, moved, line, 3.5), $"scalar, length {length}, position {at}, {move}");
                    Assert.False(StretchKernels.WithinToleranceVector(alice, moved, line, 3.5), $"vector, length {length}, position {at}, {move}");
                }
            }
        }
    }

    [Fact]
    public void WithinTolerance_VectorAndScalarLoops_Agree()
    {
        Property.Check(Stretch, 400, seed: 43, s =>
        {
            var line = new LineModel(s.Reference, s.Origin, 0.5, 2e-6);
            foreach (double tolerance in new[] { 0.0, 3.0, 6.0, 1e6 })
            {
                Assert.Equal(
                    StretchKernels.WithinToleranceScalar(s.Alice, s.Bob, line, tolerance),
                    StretchKernels.WithinToleranceVector(s.Alice, s.Bob, line, tolerance));
            }
        });
    }

    [Fact]
    public void SmallestStep_OnBothLoops_IsTheSmallestDifferenceOfNeighbours()
    {
        Property.Check(Stretch, 400, seed: 44, s =>
        {
            long expected = long.MaxValue;
            for (int k = 1; k < s.Bob.Length; k++)
                expected = Math.Min(expected, unchecked(s.Bob[k] - s.Bob[k - 1]));
            Assert.Equal(expected, StretchKernels.SmallestStepScalar(s.Bob));
            Assert.Equal(expected, StretchKernels.SmallestStepVector(s.Bob));
        });
    }

    [Fact]
    public void ConsecutiveLength_IsTheLongestPrefixConsecutiveAtBothStations()
    {
        Property.Check(Gen.Select(Gen.Int[1, 60], Gen.Int[1, 60], Gen.Int[0, 100_000]), 500, seed: 45, p =>
        {
            var (bobLength, aliceLength, seed) = p;
            var random = new Random(seed);
            var bob = Rounds(random, bobLength);
            var alice = Rounds(random, aliceLength);
            int expected = 1;
            while (expected < Math.Min(bobLength, aliceLength) && bob[expected] == bob[expected - 1] + 1 && alice[expected] == alice[expected - 1] + 1)
                expected++;
            Assert.Equal(expected, LockedTracking.ConsecutiveLength(bob, alice));
        });

        static long[] Rounds(Random random, int length)
        {
            // Mostly consecutive, a gap now and then (sometimes none at all in the prefix).
            var rounds = new long[length];
            rounds[0] = random.NextInt64(-1_000_000, 1_000_000);
            for (int k = 1; k < length; k++)
                rounds[k] = rounds[k - 1] + (random.Next(25) == 0 ? random.Next(2, 5) : 1);
            return rounds;
        }
    }
}
