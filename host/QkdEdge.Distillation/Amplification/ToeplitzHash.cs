using QkdEdge.Distillation.Bits;

namespace QkdEdge.Distillation.Amplification;

/// <summary>
/// Privacy amplification by a random Toeplitz matrix T (l x n over GF(2), T[i][j] = t[i - j + n - 1]) defined by
/// a seed of n + l - 1 bits supplied by the caller (reference sheet 8.2). y = T x is the window
/// [n - 1, n - 1 + l) of the polynomial product t(x) x(x), computed in O((n + l) log(n + l)) by
/// <see cref="Gf2Polynomial"/>, in segments of the input where that holds less (<see cref="SegmentBits"/>). Random Toeplitz matrices are two-universal, which is what the leftover hash
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

        long segmentBits = SegmentBits(inputBits, outputBits);
        if (segmentBits >= inputBits)
        {
            Gf2Polynomial.MultiplyRange(seed, SeedBits(inputBits, outputBits), input, inputBits, inputBits - 1, outputBits, output);
            return;
        }

        HashInSegments(input, inputBits, seed, outputBits, output, segmentBits);
    }

    /// <summary>
    /// The input bits hashed per product: all of them, or fewer when that shrinks the transforms without adding to
    /// their work. Transform lengths are powers of two, so cutting the input into 2 or 4 segments often costs the same
    /// transform work in transforms a half or a quarter as long: a 10^9-round block's 1.67E+08 raw bits hashed to
    /// 3.07E+07 take 4 segments and 64 MiB of transforms instead of 256 MiB.
    /// </summary>
    internal static long SegmentBits(long inputBits, long outputBits)
    {
        long whole = Gf2Polynomial.TransformLength(SeedBits(inputBits, outputBits), inputBits);
        long best = inputBits, bestLength = whole;
        for (int segments = 2; segments <= MaxSegments && whole > 0; segments++)
        {
            long segmentBits = ((inputBits + segments - 1) / segments + 63) / 64 * 64; // word-aligned: the input is sliced, not copied
            long count = (inputBits + segmentBits - 1) / segmentBits;
            long length = Gf2Polynomial.TransformLength(segmentBits + outputBits - 1, segmentBits);
            if (count * length <= whole && length < bestLength)
                (best, bestLength) = (segmentBits, length);
        }

        return best;
    }

    private const int MaxSegments = 16;

    /// <summary>
    /// y = T x as the sum over segments x_k (input bits [start, start + m)) of their own Toeplitz products: row i reads
    /// seed bits i - j + n - 1 for j in the segment, i.e. the seed's slice from n - start - m, m + l - 1 bits long,
    /// taken as a Toeplitz seed of its own for an m-bit input.
    /// </summary>
    internal static void HashInSegments(ReadOnlySpan<ulong> input, long inputBits, ReadOnlySpan<ulong> seed, long outputBits, Span<ulong> output, long segmentBits)
    {
        if (segmentBits <= 0 || segmentBits % 64 != 0)
            throw new ArgumentOutOfRangeException(nameof(segmentBits), segmentBits, "Segments are whole words.");
        if (outputBits == 0)
            return;
        int words = PackedBits.WordCount(outputBits);
        output[..words].Clear();
        var seedSlice = new ulong[PackedBits.WordCount(segmentBits + outputBits - 1)];
        var partial = new ulong[words];
        for (long start = 0; start < inputBits; start += segmentBits)
        {
            long length = Math.Min(segmentBits, inputBits - start);
            long sliceBits = length + outputBits - 1;
            PackedBits.Copy(seed, inputBits - start - length, seedSlice, 0, sliceBits);
            Gf2Polynomial.MultiplyRange(seedSlice, sliceBits, input[(int)(start / 64)..], length, length - 1, outputBits, partial);
            for (int w = 0; w < words; w++)
                output[w] ^= partial[w];
        }
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
