using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace QkdEdge.Distillation.Amplification;

/// <summary>
/// Arithmetic in GF(2^64) = GF(2)[x] / (x^64 + x^4 + x^3 + x + 1), elements as 64-bit words (bit i is the
/// coefficient of x^i). Carry-less multiplication uses PCLMULQDQ (and its 256-bit form) when present; the
/// reduction folds the high word twice with shifts, since x^64 = x^4 + x^3 + x + 1.
/// </summary>
public static class Gf64
{
    /// <summary>How the bulk products (<see cref="MultiplyAccumulate"/> and its kin) run here: four per instruction, one, or in software.</summary>
    public static string ProductPath =>
        Pclmulqdq.V256.IsSupported ? "VPCLMULQDQ (4 products per instruction)" : Pclmulqdq.IsSupported ? "PCLMULQDQ" : "software";

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Multiply(ulong a, ulong b)
    {
        ulong lo, hi;
        if (Pclmulqdq.IsSupported)
        {
            var product = Pclmulqdq.CarrylessMultiply(Vector128.CreateScalarUnsafe(a), Vector128.CreateScalarUnsafe(b), 0);
            lo = product.GetElement(0);
            hi = product.GetElement(1);
        }
        else
        {
            (lo, hi) = CarrylessMultiplySoftware(a, b);
        }

        return Reduce(lo, hi);
    }

    /// <summary>Portable 64 x 64 -> 128 carry-less product (shift-and-add).</summary>
    public static (ulong Low, ulong High) CarrylessMultiplySoftware(ulong a, ulong b)
    {
        ulong lo = 0, hi = 0;
        for (int i = 0; i < 64; i++)
        {
            if (((b >> i) & 1) != 0)
            {
                lo ^= a << i;
                if (i != 0)
                {
                    hi ^= a >> (64 - i);
                }
            }
        }

        return (lo, hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Reduce(ulong lo, ulong hi)
    {
        ulong overflow = (hi >> 63) ^ (hi >> 61) ^ (hi >> 60);
        return lo ^ hi ^ (hi << 1) ^ (hi << 3) ^ (hi << 4) ^ overflow ^ (overflow << 1) ^ (overflow << 3) ^ (overflow << 4);
    }

    /// <summary>x^2 in the field.</summary>
    public static ulong Square(ulong a) => Multiply(a, a);

    /// <summary><paramref name="destination"/>[i] ^= <paramref name="source"/>[i] * <paramref name="factor"/>.</summary>
    public static unsafe void MultiplyAccumulate(Span<ulong> destination, ReadOnlySpan<ulong> source, ulong factor)
    {
        int n = destination.Length;
        if (source.Length < n)
        {
            throw new ArgumentException("The source is shorter than the destination.", nameof(source));
        }

        int i = 0;
        if (Pclmulqdq.V256.IsSupported && n >= 4)
        {
            var c = Vector256.Create(factor);
            fixed (ulong* d = destination, s = source)
            {
                for (; i + 4 <= n; i += 4)
                {
                    var v = Avx.LoadVector256(s + i);
                    Avx.Store(d + i, Avx2.Xor(Avx.LoadVector256(d + i), MultiplyVector(v, c)));
                }
            }
        }

        for (; i < n; i++)
        {
            destination[i] ^= Multiply(source[i], factor);
        }
    }

    /// <summary><paramref name="values"/>[i] *= <paramref name="factors"/>[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void MultiplyPointwise(Span<ulong> values, ReadOnlySpan<ulong> factors)
    {
        int n = values.Length;
        if (factors.Length < n)
        {
            throw new ArgumentException("Fewer factors than values.", nameof(factors));
        }

        int i = 0;
        if (Pclmulqdq.V256.IsSupported && n >= 4)
        {
            fixed (ulong* v = values, f = factors)
            {
                for (; i + 4 <= n; i += 4)
                {
                    Avx.Store(v + i, MultiplyVector(Avx.LoadVector256(v + i), Avx.LoadVector256(f + i)));
                }
            }
        }

        for (; i < n; i++)
        {
            values[i] = Multiply(values[i], factors[i]);
        }
    }

    /// <summary>Four field products at once with VPCLMULQDQ (two per 128-bit lane).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<ulong> MultiplyVector(Vector256<ulong> a, Vector256<ulong> b)
    {
        var even = Pclmulqdq.V256.CarrylessMultiply(a, b, 0x00); // [lo0, hi0, lo2, hi2]
        var odd = Pclmulqdq.V256.CarrylessMultiply(a, b, 0x11);  // [lo1, hi1, lo3, hi3]
        var lo = Avx2.UnpackLow(even, odd);
        var hi = Avx2.UnpackHigh(even, odd);
        var overflow = Avx2.Xor(Avx2.Xor(Avx2.ShiftRightLogical(hi, 63), Avx2.ShiftRightLogical(hi, 61)), Avx2.ShiftRightLogical(hi, 60));
        var folded = Avx2.Xor(Avx2.Xor(hi, Avx2.ShiftLeftLogical(hi, 1)), Avx2.Xor(Avx2.ShiftLeftLogical(hi, 3), Avx2.ShiftLeftLogical(hi, 4)));
        var carried = Avx2.Xor(Avx2.Xor(overflow, Avx2.ShiftLeftLogical(overflow, 1)), Avx2.Xor(Avx2.ShiftLeftLogical(overflow, 3), Avx2.ShiftLeftLogical(overflow, 4)));
        return Avx2.Xor(lo, Avx2.Xor(folded, carried));
    }
}
