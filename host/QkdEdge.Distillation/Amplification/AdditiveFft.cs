using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace QkdEdge.Distillation.Amplification;

/// <summary>
/// Cantor's additive FFT over GF(2^64): evaluates a polynomial of degree &lt; 2^k at the 2^k points of
/// W_k = span(beta_0 .. beta_(k-1)) (point u is the combination of the betas selected by the bits of u), and
/// interpolates back. Each level divides by the subspace polynomial s_(k-1), which has 0/1 coefficients, so the
/// division is block XORs; then f_lo = r + c q and f_hi = f_lo + q with c = s_(k-1)(coset) (Cantor 1989; the
/// same recursion as in Gao and Mateer, "Additive fast Fourier transforms over finite fields", IEEE TIT 56
/// (2010)). Cost: O(N log N) field multiplications plus O(N log N) word XORs per subspace-polynomial term.
/// The recursion is depth-first, so once a block fits in cache all its lower levels stay there; blocks of at
/// most <see cref="SmallLevels"/> levels are finished by a tight scalar loop.
/// </summary>
internal static unsafe class AdditiveFft
{
    private const int SmallLevels = 6;

    // c(node) = sum of beta_(j+1) over the set bits j of node, split into byte-wide tables (it is GF(2)-linear).
    private static readonly ulong[] CosetTables = BuildCosetTables();

    public static void Forward(Span<ulong> values)
    {
        int k = CheckLength(values);
        fixed (ulong* f = values)
        {
            Forward(f, k, 0);
        }
    }

    public static void Inverse(Span<ulong> values)
    {
        int k = CheckLength(values);
        fixed (ulong* f = values)
        {
            Inverse(f, k, 0);
        }
    }

    private static int CheckLength(Span<ulong> values)
    {
        if (values.Length == 0 || !BitOperations.IsPow2(values.Length))
        {
            throw new ArgumentException("The transform length must be a power of two.", nameof(values));
        }

        int k = BitOperations.Log2((uint)values.Length);
        if (k > 48)
        {
            throw new ArgumentException("The transform is longer than the coset tables cover.", nameof(values));
        }

        return k;
    }

    private static ulong[] BuildCosetTables()
    {
        var tables = new ulong[6 * 256];
        for (int t = 0; t < 6; t++)
        {
            for (int v = 0; v < 256; v++)
            {
                ulong c = 0;
                for (int j = 0; j < 8; j++)
                {
                    if (((v >> j) & 1) != 0)
                    {
                        c ^= CantorBasis.Beta(8 * t + j + 1);
                    }
                }

                tables[256 * t + v] = c;
            }
        }

        return tables;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong CosetConstant(long node)
    {
        ref ulong t = ref MemoryMarshal.GetArrayDataReference(CosetTables);
        ulong c = 0;
        for (int b = 0; node != 0; b++, node >>= 8)
        {
            c ^= Unsafe.Add(ref t, 256 * b + (int)(node & 0xFF));
        }

        return c;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Forward(ulong* f, int k, long node)
    {
        if (k <= SmallLevels)
        {
            ForwardSmall(f, k, node);
            return;
        }

        long half = 1L << (k - 1);
        ForwardLevel(f, k, CosetConstant(node));
        Forward(f, k - 1, 2 * node);
        Forward(f + half, k - 1, 2 * node + 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Inverse(ulong* f, int k, long node)
    {
        if (k <= SmallLevels)
        {
            InverseSmall(f, k, node);
            return;
        }

        long half = 1L << (k - 1);
        Inverse(f, k - 1, 2 * node);
        Inverse(f + half, k - 1, 2 * node + 1);
        InverseLevel(f, k, CosetConstant(node));
    }

    /// <summary>
    /// One level on a block of 2H values (H = 2^(k-1), m = k-1): divide by s_m(x) = x^H + sum_t x^(o_t)
    /// (o_t = 2^t over the proper bit-subsets t of m), then lo = r + c q, hi = lo + q. The division's updates
    /// f[i - H + o_t] ^= f[i] (i in the upper half, taken top down) are regrouped by destination: first the
    /// top quarter's contributions into the third quarter (phase A), which finishes the quotient; then one
    /// descending pass computes every lo = f[j] + sum_t q[j - o_t] + c q[j] and hi = q[j] + lo (phase C).
    /// Descending order reads each q before that pass overwrites it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardLevel(ulong* f, int k, ulong c)
    {
        int m = k - 1;
        long half = 1L << m;
        Span<long> offsets = stackalloc long[16];
        int terms = Offsets(m, offsets);
        GatherIntoThirdQuarter(f, half, offsets[..terms]);

        ulong* upper = f + half;
        var factor = Vector256.Create(c);
        long segmentEnd = half;
        for (int active = terms; active >= 0; active--)
        {
            // Terms 0..active-1 (ascending offsets) apply to j >= offsets[active-1].
            long segmentStart = active == 0 ? 0 : offsets[active - 1];
            long j = segmentEnd;
            while (j - 4 >= segmentStart)
            {
                j -= 4;
                var q = Vector256.Load(upper + j);
                var lo = Vector256.Load(f + j);
                for (int t = 0; t < active; t++)
                {
                    lo ^= Vector256.Load(upper + j - offsets[t]);
                }

                if (c != 0)
                {
                    lo ^= Gf64.MultiplyVector(q, factor);
                }

                Vector256.Store(lo, f + j);
                Vector256.Store(q ^ lo, upper + j);
            }

            while (j > segmentStart)
            {
                j--;
                ulong q = upper[j];
                ulong lo = f[j];
                for (int t = 0; t < active; t++)
                {
                    lo ^= upper[j - offsets[t]];
                }

                if (c != 0)
                {
                    lo ^= Gf64.Multiply(q, c);
                }

                f[j] = lo;
                upper[j] = q ^ lo;
            }

            segmentEnd = segmentStart;
        }
    }

    /// <summary>
    /// The inverse of <see cref="ForwardLevel"/>, in one ascending pass: q = hi + lo, then
    /// r = lo + c q + sum_t q[j - o_t] (the terms read quotients already recovered: offsets of four and more
    /// from earlier blocks, offsets 1 and 2 by shifting the current block against the previous one), then
    /// phase A again (it is its own inverse).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InverseLevel(ulong* f, int k, ulong c)
    {
        int m = k - 1;
        long half = 1L << m;
        Span<long> offsets = stackalloc long[16];
        int terms = Offsets(m, offsets);
        ulong* upper = f + half;
        bool hasTwo = (m & 1) != 0; // offset 2 = 2^t with t = 1, a bit-subset of m iff m is odd
        int firstFar = hasTwo ? 2 : 1; // offsets[0] = 1 always (t = 0)
        if (half < 4)
        {
            for (long j = 0; j < half; j++)
            {
                ulong q = upper[j] ^ f[j];
                upper[j] = q;
                ulong r = f[j] ^ (c == 0 ? 0 : Gf64.Multiply(q, c));
                for (int t = 0; t < terms && offsets[t] <= j; t++)
                {
                    r ^= upper[j - offsets[t]];
                }

                f[j] = r;
            }
        }
        else
        {
            var factor = Vector256.Create(c);
            var previous = Vector256<ulong>.Zero;
            int active = firstFar;
            for (long j = 0; j < half; j += 4)
            {
                while (active < terms && offsets[active] <= j)
                {
                    active++;
                }

                var lo = Vector256.Load(f + j);
                var q = Vector256.Load(upper + j) ^ lo;
                Vector256.Store(q, upper + j);
                var r = lo;
                if (c != 0)
                {
                    r ^= Gf64.MultiplyVector(q, factor);
                }

                var byTwo = Avx2.Permute2x128(previous, q, 0x21);                            // [p2, p3, q0, q1]
                r ^= Avx2.AlignRight(q.AsByte(), byTwo.AsByte(), 8).AsUInt64();                // [p3, q0, q1, q2]
                if (hasTwo)
                {
                    r ^= byTwo;
                }

                for (int t = firstFar; t < active; t++)
                {
                    r ^= Vector256.Load(upper + j - offsets[t]);
                }

                Vector256.Store(r, f + j);
                previous = q;
            }
        }

        GatherIntoThirdQuarter(f, half, offsets[..terms]);
    }

    /// <summary>Phase A: f[H + e] ^= sum over terms with e &lt; o_t of f[2H + e - o_t], for e in [0, H/2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GatherIntoThirdQuarter(ulong* f, long half, ReadOnlySpan<long> offsets)
    {
        ulong* third = f + half;
        ulong* end = f + 2 * half;
        long quarter = half >> 1;
        for (int t = 0; t < offsets.Length; t++)
        {
            long o = offsets[t];
            XorInto(third, end - o, Math.Min(o, quarter));
        }
    }

    /// <summary>Offsets 2^t of the proper bit-subsets t of m, ascending; returns how many.</summary>
    private static int Offsets(int m, Span<long> offsets)
    {
        int count = 0;
        for (int t = 0; t < m; t++)
        {
            if ((t & m) == t)
            {
                offsets[count++] = 1L << t;
            }
        }

        return count;
    }

    /// <summary>
    /// The whole subtree of a block of at most 2^SmallLevels values, level by level (no recursion): levels with
    /// at least four values per half use the vector level code, the last two levels scalar code.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardSmall(ulong* f, int k, long node)
    {
        for (int level = k; level >= 1; level--)
        {
            int blocks = 1 << (k - level);
            long first = node << (k - level);
            for (int b = 0; b < blocks; b++)
            {
                ulong* g = f + (b << level);
                ulong c = CosetConstant(first + b);
                switch (level)
                {
                    case 1:
                        g[0] ^= c == 0 ? 0 : Gf64.Multiply(g[1], c);
                        g[1] ^= g[0];
                        break;
                    case 2:
                        // s_1(x) = x^2 + x: quotient (g2 + g3, g3), remainder (g0, g1 + g2 + g3).
                        g[2] ^= g[3];
                        g[1] ^= g[2];
                        if (c != 0)
                        {
                            g[0] ^= Gf64.Multiply(g[2], c);
                            g[1] ^= Gf64.Multiply(g[3], c);
                        }

                        g[2] ^= g[0];
                        g[3] ^= g[1];
                        break;
                    default:
                        ForwardLevel(g, level, c);
                        break;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InverseSmall(ulong* f, int k, long node)
    {
        for (int level = 1; level <= k; level++)
        {
            int blocks = 1 << (k - level);
            long first = node << (k - level);
            for (int b = 0; b < blocks; b++)
            {
                ulong* g = f + (b << level);
                ulong c = CosetConstant(first + b);
                switch (level)
                {
                    case 1:
                        g[1] ^= g[0];
                        g[0] ^= c == 0 ? 0 : Gf64.Multiply(g[1], c);
                        break;
                    case 2:
                        g[2] ^= g[0];
                        g[3] ^= g[1];
                        if (c != 0)
                        {
                            g[0] ^= Gf64.Multiply(g[2], c);
                            g[1] ^= Gf64.Multiply(g[3], c);
                        }

                        g[1] ^= g[2];
                        g[2] ^= g[3];
                        break;
                    default:
                        InverseLevel(g, level, c);
                        break;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void XorInto(ulong* destination, ulong* source, long count)
    {
        long i = 0;
        for (; i + 8 <= count; i += 8)
        {
            Vector256.Store(Vector256.Load(destination + i) ^ Vector256.Load(source + i), destination + i);
            Vector256.Store(Vector256.Load(destination + i + 4) ^ Vector256.Load(source + i + 4), destination + i + 4);
        }

        for (; i < count; i++)
        {
            destination[i] ^= source[i];
        }
    }
}
