using QkdEdge.Distillation.Bits;

namespace QkdEdge.Distillation.Amplification;

/// <summary>
/// Privacy amplification by a random Toeplitz matrix T (l x n over GF(2), T[i][j] = t[i - j + n - 1]) defined by
/// a seed of n + l - 1 bits supplied by the caller (reference sheet 8.2). y = T x is the window
/// [n - 1, n - 1 + l) of the polynomial product t(x) x(x), computed in O((n + l) log(n + l)) by
/// <see cref="Gf2Polynomial"/>. Random Toeplitz matrices are two-universal, which is what the leftover hash
/// lemma needs.
/// </summary>
public static class ToeplitzHash
{
    /// <summary>Seed bits for an <paramref name="outputBits"/> x <paramref name="inputBits"/> matrix: n + l - 1.</summary>
    public static long SeedBits(long inputBits, long outputBits) => inputBits + outputBits - 1;

    /// <summary>Hashes the first <paramref name="inputBits"/> bits of <paramref name="input"/> to <paramref name="outputBits"/> bits.</summary>
    public static void Hash(ReadOnlySpan<ulong> input, long inputBits, ReadOnlySpan<ulong> seed, long outputBits, Span<ulong> output)
    {
        Validate(input, inputBits, seed, outputBits, output);
        if (outputBits == 0)
        {
            return;
        }

        long seedBits = SeedBits(inputBits, outputBits);
        Gf2Polynomial.MultiplyRange(seed, seedBits, input, inputBits, inputBits - 1, outputBits, output);
    }

    /// <summary>The plain O(n l) matrix-vector product, bit by bit: the reference for tests.</summary>
    public static void HashQuadratic(ReadOnlySpan<ulong> input, long inputBits, ReadOnlySpan<ulong> seed, long outputBits, Span<ulong> output)
    {
        Validate(input, inputBits, seed, outputBits, output);
        output[..PackedBits.WordCount(outputBits)].Clear();
        for (long i = 0; i < outputBits; i++)
        {
            int bit = 0;
            for (long j = 0; j < inputBits; j++)
            {
                bit ^= PackedBits.GetBit(seed, i - j + inputBits - 1) & PackedBits.GetBit(input, j);
            }

            if (bit != 0)
            {
                PackedBits.Set(output, i, true);
            }
        }
    }

    private static void Validate(ReadOnlySpan<ulong> input, long inputBits, ReadOnlySpan<ulong> seed, long outputBits, Span<ulong> output)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputBits);
        ArgumentOutOfRangeException.ThrowIfNegative(outputBits);
        if (outputBits > inputBits)
        {
            throw new ArgumentOutOfRangeException(nameof(outputBits), outputBits, "A hash cannot output more bits than it reads.");
        }

        if (input.Length < PackedBits.WordCount(inputBits))
        {
            throw new ArgumentException("The input is shorter than its bit count.", nameof(input));
        }

        if (seed.Length < PackedBits.WordCount(SeedBits(inputBits, outputBits)))
        {
            throw new ArgumentException($"The seed needs n + l - 1 = {SeedBits(inputBits, outputBits)} bits.", nameof(seed));
        }

        if (output.Length < PackedBits.WordCount(outputBits))
        {
            throw new ArgumentException("The output is shorter than the requested length.", nameof(output));
        }
    }
}
