using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using QkdEdge.Distillation.Bits;

namespace QkdEdge.Distillation.Amplification;

/// <summary>
/// Products of long binary polynomials (packed bit strings, bit i = coefficient of x^i). Each polynomial is cut
/// into 32-bit pieces, which become elements of GF(2^64); a product of two pieces has degree at most 62, so the
/// field product of the pieces is their exact polynomial product, and the sums of those products (the piece-wise
/// convolution) come out exactly from an additive FFT of length 2^k &gt;= pieces(a) + pieces(b) - 1. The
/// coefficients are then overlap-added back into a bit string. O(N log N) for N bits.
/// </summary>
public static class Gf2Polynomial
{
    private const int PieceBits = 32;

    /// <summary>Below this many product bits the schoolbook carry-less product is faster and used instead.</summary>
    public const long SchoolbookLimitBits = 1 << 14;

    /// <summary>
    /// Writes bits [<paramref name="from"/>, <paramref name="from"/> + <paramref name="count"/>) of a(x) b(x)
    /// into <paramref name="destination"/> (bit 0 of the destination = coefficient of x^from).
    /// </summary>
    public static void MultiplyRange(
        ReadOnlySpan<ulong> a, long aBits, ReadOnlySpan<ulong> b, long bBits, long from, long count, Span<ulong> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(aBits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bBits);
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (a.Length < PackedBits.WordCount(aBits) || b.Length < PackedBits.WordCount(bBits) || destination.Length < PackedBits.WordCount(count))
        {
            throw new ArgumentException("A buffer is shorter than its bit count.");
        }

        if (aBits + bBits - 1 <= SchoolbookLimitBits)
        {
            var product = new ulong[PackedBits.WordCount(aBits + bBits)];
            Schoolbook(a, aBits, b, bBits, product);
            CopyRange(product, aBits + bBits - 1, from, count, destination);
            return;
        }

        MultiplyRangeFft(a, aBits, b, bBits, from, count, destination);
    }

    /// <summary>Word-level schoolbook product with carry-less multiplication: O(N^2 / 4096).</summary>
    public static void Schoolbook(ReadOnlySpan<ulong> a, long aBits, ReadOnlySpan<ulong> b, long bBits, Span<ulong> product)
    {
        int aWords = PackedBits.WordCount(aBits);
        int bWords = PackedBits.WordCount(bBits);
        var aa = new ulong[aWords];
        var bb = new ulong[bWords];
        a[..aWords].CopyTo(aa);
        b[..bWords].CopyTo(bb);
        PackedBits.ClearTail(aa, aBits);
        PackedBits.ClearTail(bb, bBits);
        product[..Math.Min(product.Length, aWords + bWords)].Clear();
        for (int i = 0; i < aWords; i++)
        {
            if (aa[i] == 0)
            {
                continue;
            }

            for (int j = 0; j < bWords; j++)
            {
                var (lo, hi) = CarrylessMultiply(aa[i], bb[j]);
                product[i + j] ^= lo;
                if (i + j + 1 < product.Length)
                {
                    product[i + j + 1] ^= hi;
                }
            }
        }
    }

    private static (ulong Low, ulong High) CarrylessMultiply(ulong a, ulong b)
    {
        if (Pclmulqdq.IsSupported)
        {
            var p = Pclmulqdq.CarrylessMultiply(Vector128.CreateScalarUnsafe(a), Vector128.CreateScalarUnsafe(b), 0);
            return (p.GetElement(0), p.GetElement(1));
        }

        return Gf64.CarrylessMultiplySoftware(a, b);
    }

    /// <summary>
    /// Elements of GF(2^64) in each of the two transforms <see cref="MultiplyRange"/> holds for a product of these
    /// sizes (8 bytes each), 0 when it takes the schoolbook product instead.
    /// </summary>
    public static long TransformLength(long aBits, long bBits)
    {
        if (aBits + bBits - 1 <= SchoolbookLimitBits)
            return 0;
        long needed = ((aBits + PieceBits - 1) / PieceBits) + ((bBits + PieceBits - 1) / PieceBits) - 1;
        return 1L << (BitOperations.Log2((ulong)needed - 1) + 1);
    }

    private static void MultiplyRangeFft(ReadOnlySpan<ulong> a, long aBits, ReadOnlySpan<ulong> b, long bBits, long from, long count, Span<ulong> destination)
    {
        long needed = ((aBits + PieceBits - 1) / PieceBits) + ((bBits + PieceBits - 1) / PieceBits) - 1;
        int length = checked((int)TransformLength(aBits, bBits));

        // Pooled: a block's two hashes (Alice's and Bob's) then share the same two large buffers.
        var pool = System.Buffers.ArrayPool<ulong>.Shared;
        var fa = pool.Rent(length);
        var fb = pool.Rent(length);
        try
        {
            var transformA = fa.AsSpan(0, length);
            var transformB = fb.AsSpan(0, length);
            Split(a, aBits, transformA);
            Split(b, bBits, transformB);
            AdditiveFft.Forward(transformA);
            AdditiveFft.Forward(transformB);
            Gf64.MultiplyPointwise(transformA, transformB);
            AdditiveFft.Inverse(transformA);
            OverlapAdd(transformA, needed, from, count, destination);
        }
        finally
        {
            pool.Return(fa);
            pool.Return(fb);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Split(ReadOnlySpan<ulong> bits, long bitCount, Span<ulong> pieces)
    {
        int words = PackedBits.WordCount(bitCount);
        pieces[(2 * words)..].Clear();
        for (int w = 0; w < words; w++)
        {
            ulong word = bits[w];
            if (w == words - 1 && (bitCount & 63) != 0)
            {
                word &= (1UL << (int)(bitCount & 63)) - 1;
            }

            pieces[2 * w] = word & 0xFFFF_FFFFUL;
            pieces[2 * w + 1] = word >> 32;
        }
    }

    /// <summary>Coefficient u (up to 63 bits) sits at bit 32u; XOR the needed window of the sum into the destination.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OverlapAdd(ReadOnlySpan<ulong> coefficients, long count, long from, long bitCount, Span<ulong> destination)
    {
        int words = PackedBits.WordCount(bitCount);
        destination[..words].Clear();
        long firstPiece = Math.Max(0, (from - 63) / PieceBits);
        long lastPiece = Math.Min(count - 1, (from + bitCount - 1) / PieceBits);
        for (long u = firstPiece; u <= lastPiece; u++)
        {
            ulong value = coefficients[(int)u];
            if (value == 0)
            {
                continue;
            }

            long at = u * PieceBits - from;
            if (at >= 0)
            {
                XorBits(destination, at, value, bitCount);
            }
            else if (at > -64)
            {
                XorBits(destination, 0, value >> (int)-at, bitCount);
            }
        }

        PackedBits.ClearTail(destination[..words], bitCount);
    }

    private static void XorBits(Span<ulong> destination, long at, ulong value, long limit)
    {
        if (at >= limit)
        {
            return;
        }

        int word = (int)(at >> 6);
        int shift = (int)(at & 63);
        destination[word] ^= value << shift;
        if (shift != 0 && word + 1 < destination.Length && ((long)(word + 1) << 6) < limit)
        {
            destination[word + 1] ^= value >> (64 - shift);
        }
    }

    private static void CopyRange(ReadOnlySpan<ulong> product, long productBits, long from, long count, Span<ulong> destination)
    {
        int words = PackedBits.WordCount(count);
        destination[..words].Clear();
        long available = Math.Max(0, Math.Min(count, productBits - from));
        if (available > 0)
        {
            PackedBits.Copy(product, from, destination, 0, available);
        }
    }
}
