using System.Numerics;
using QkdEdge.Peer.Authentication;

namespace QkdEdge.Host.Tests.Peer.Authentication;

/// <summary>The field and the hash against a BigInteger rendering of their definitions (docs/peer-protocol.md).</summary>
public sealed class PolynomialHash61Tests
{
    private static readonly BigInteger P = (BigInteger.One << 61) - 1;

    [Fact]
    public void Multiply_WhenOperandsAreRandomFieldElements_MatchesBigIntegerArithmetic()
    {
        var random = new Random(61);
        for (int i = 0; i < 100_000; i++)
        {
            ulong a = (ulong)random.NextInt64(0, (long)MersenneField61.Prime);
            ulong b = i < 4 ? MersenneField61.Prime - 1 : (ulong)random.NextInt64(0, (long)MersenneField61.Prime);
            Assert.Equal((ulong)(a * (BigInteger)b % P), MersenneField61.Multiply(a, b));
            Assert.Equal((ulong)((a + (BigInteger)b) % P), MersenneField61.Add(a, b));
        }
    }

    [Fact]
    public void Reduce_WhenValuesReachTheBoundOf2To123_MatchesBigIntegerArithmetic()
    {
        // The hash sums four products before reducing: values up to just under 2^123, the largest first.
        var random = new Random(123);
        for (int i = 0; i < 100_000; i++)
        {
            ulong high = i == 0 ? (1UL << 59) - 1 : (ulong)random.NextInt64(0, 1L << 59);
            ulong low = i == 0 ? ulong.MaxValue : (ulong)random.NextInt64() * 2 + (ulong)random.Next(2);
            Assert.Equal((ulong)((((BigInteger)high << 64) + low) % P), MersenneField61.Reduce(high, low));
        }
    }

    [Fact]
    public void Evaluate_WhenMessagesHaveAnyLengthAndSplit_MatchesThePolynomialDefinition()
    {
        var random = new Random(7);
        for (int length = 0; length < 200; length++)
        {
            var message = new byte[length];
            random.NextBytes(message);
            ulong key = (ulong)random.NextInt64(0, (long)MersenneField61.Prime);
            int cut1 = random.Next(length + 1), cut2 = random.Next(cut1, length + 1);

            ulong actual = PolynomialHash61.Evaluate(key, message.AsSpan(0, cut1), message.AsSpan(cut1, cut2 - cut1), message.AsSpan(cut2));

            Assert.Equal(Reference(key, message), actual);
        }
    }

    [Fact]
    public void Evaluate_WhenMessagesDifferOnlyByTrailingZeroBytes_GivesDifferentHashes()
    {
        // Without the per-chunk length marker, "abc" and "abc\0" would be the same polynomial.
        ulong key = 0x0123_4567_89AB_CDEF & MersenneField61.Prime;
        var hashes = new HashSet<ulong>();
        for (int zeros = 0; zeros < 30; zeros++)
        {
            byte[] message = [.. "abc"u8, .. new byte[zeros]];
            Assert.True(hashes.Add(PolynomialHash61.Evaluate(key, message, [], [])), $"collision at {zeros} trailing zeros");
        }
    }

    [Fact]
    public void PointsFor_WhenFramesAreUpToFourMebibytes_NeedsTwoPointsForA2ToTheMinus80Bound()
    {
        Assert.Equal(2, ForgeryBound.PointsFor(4 << 20, -80));
        Assert.True(ForgeryBound.Log2PerMessage(4 << 20, 1) > -80);
        Assert.True(ForgeryBound.Log2PerMessage(1024, 2) < ForgeryBound.Log2PerMessage(4 << 20, 2));
    }

    /// <summary>sum over chunks c_i k^(L-i+1) mod p, chunk = 7 bytes little-endian plus 2^(8*len).</summary>
    private static ulong Reference(ulong key, byte[] message)
    {
        int chunks = (message.Length + 6) / 7;
        BigInteger sum = 0;
        for (int i = 0; i < chunks; i++)
        {
            int len = Math.Min(7, message.Length - 7 * i);
            BigInteger c = BigInteger.One << (8 * len);
            for (int b = 0; b < len; b++)
                c += (BigInteger)message[7 * i + b] << (8 * b);
            sum += c * BigInteger.ModPow(key, chunks - i, P);
        }
        return (ulong)(sum % P);
    }
}
