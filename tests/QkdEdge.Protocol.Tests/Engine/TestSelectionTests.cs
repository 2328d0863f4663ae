using System.Buffers.Binary;
using System.Security.Cryptography;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Tests.Support;

namespace QkdEdge.Protocol.Tests.Engine;

/// <summary>
/// Alice's test selection: the bit-sliced draw decides each round as comparing its whole 32-bit draw with the
/// threshold would, reading the same generator output (checked against a round-by-round reference), and tests the
/// expected fraction of rounds (fixed seeds, bounds of five binomial standard deviations).
/// </summary>
public sealed class TestSelectionTests
{
    /// <summary>
    /// Round by round: the 64 rounds of a group read their draws' bits from the group's words, the most significant
    /// first (word k holds bit 31 - k of every round's draw); the group uses as many words as its slowest round needed.
    /// </summary>
    private static ulong[] Reference(int rounds, uint threshold, byte[] stream)
    {
        var tested = new ulong[(rounds + 63) / 64];
        int offset = 0;
        for (int w = 0; w < tested.Length; w++)
        {
            int used = 0;
            for (int i = 0; i < 64; i++)
            {
                int depth = 0;
                bool below = false;
                for (int bit = 31; bit >= 0; bit--)
                {
                    depth++;
                    bool drawn = ((BinaryPrimitives.ReadUInt64LittleEndian(stream.AsSpan(offset + (8 * (31 - bit)))) >> i) & 1) != 0;
                    bool wanted = ((threshold >> bit) & 1) != 0;
                    if (drawn != wanted)
                    {
                        below = !drawn;
                        break;
                    }
                }

                used = Math.Max(used, depth);
                if (below && 64 * w + i < rounds)
                    tested[w] |= 1UL << i;
            }

            offset += 8 * used;
        }

        return tested;
    }

    private sealed class ReplayedGenerator(byte[] stream) : RandomNumberGenerator
    {
        private int _position;

        public override void GetBytes(byte[] data) => GetBytes(data.AsSpan());

        public override void GetBytes(Span<byte> data)
        {
            stream.AsSpan(_position, data.Length).CopyTo(data);
            _position += data.Length;
        }
    }

    [Theory]
    [InlineData(0.05, 1)]
    [InlineData(0.5, 2)]
    [InlineData(0.0143, 3)]
    [InlineData(0.9, 4)]
    public void Draw_DecidesEveryRoundAsItsWholeDrawWould(double gamma, int seed)
    {
        const int rounds = 100_003; // a partial last word
        var stream = new byte[4 << 20];
        new Random(seed).NextBytes(stream);

        var drawn = TestSelection.Draw(rounds, gamma, new ReplayedGenerator(stream));

        Assert.Equal(Reference(rounds, TestSelection.Threshold(gamma), stream), drawn);
    }

    [Theory]
    [InlineData(0.05, 11)]
    [InlineData(0.0143, 12)]
    [InlineData(0.5, 13)]
    public void Draw_TestsTheExactFractionWithinFiveStandardDeviations(double gamma, int seed)
    {
        const int rounds = 1 << 22;
        var tested = TestSelection.Draw(rounds, gamma, new SeededRandomNumberGenerator(seed));

        double p = TestSelection.ExactProbability(gamma);
        long count = tested.Sum(w => (long)ulong.PopCount(w));
        double sigma = Math.Sqrt(rounds * p * (1 - p));
        Assert.InRange(count, rounds * p - (5 * sigma), rounds * p + (5 * sigma));
    }

    [Fact]
    public void Draw_LeavesNoRoundPastTheBlockTested()
    {
        var tested = TestSelection.Draw(100, 0.999, new SeededRandomNumberGenerator(5));

        Assert.Equal(2, tested.Length);
        Assert.Equal(0UL, tested[1] >> 36);
        Assert.True(ulong.PopCount(tested[0]) + ulong.PopCount(tested[1]) > 90);
    }
}
