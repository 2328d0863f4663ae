using QkdEdge.Distillation.Bits;

namespace QkdEdge.Protocol.Amplification;

/// <summary>
/// Privacy amplification by a random l x m Toeplitz matrix over GF(2), T[i][j] = s[i - j + m - 1]
/// (reference sheet 8.2; two-universal, m + l - 1 seed bits). Output bit i is the parity of
/// s[i .. i+m) AND reverse(x): each output bit is a word-wise AND-popcount over a sliding window of
/// the seed, O(l m / 64) word operations.
/// </summary>
public static class ToeplitzHash
{
    public static long SeedBits(long inputBits, long outputBits) => inputBits + outputBits - 1;

    public static ulong[] Hash(ReadOnlySpan<ulong> input, long inputBits, ReadOnlySpan<ulong> seed, long outputBits)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputBits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputBits);
        if ((long)seed.Length * 64 < SeedBits(inputBits, outputBits))
            throw new ArgumentException($"A {outputBits} x {inputBits} Toeplitz matrix needs {SeedBits(inputBits, outputBits)} seed bits.", nameof(seed));

        int words = PackedBits.WordCount(inputBits);
        var reversed = new ulong[words];
        for (long j = 0; j < inputBits; j++)
            if (PackedBits.Get(input, j))
                reversed[(inputBits - 1 - j) >> 6] |= 1UL << (int)((inputBits - 1 - j) & 63);

        var output = new ulong[PackedBits.WordCount(outputBits)];
        for (long i = 0; i < outputBits; i++)
        {
            ulong parity = 0;
            long remaining = inputBits;
            for (int w = 0; w < words; w++)
            {
                int width = (int)Math.Min(64, remaining);
                parity ^= PackedBits.ReadBits(seed, i + (long)w * 64, width) & reversed[w];
                remaining -= width;
            }
            if ((System.Numerics.BitOperations.PopCount(parity) & 1) != 0)
                output[i >> 6] |= 1UL << (int)(i & 63);
        }
        return output;
    }
}
