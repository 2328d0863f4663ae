using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using QkdEdge.Distillation.Bits;

namespace QkdEdge.Distillation.Sifting;

/// <summary>
/// Sifting, test selection and Bell counting on bit-planes, in one pass over the data. Per 64 rounds the
/// setting-pair masks are a handful of AND/ANDNOT operations and every count is a population count; the AVX2
/// path does 256 rounds per step and counts with a nibble lookup (PSHUFB) into byte counters that are folded
/// into 64-bit totals every 31 steps. Raw key bits of untested (2, 1) rounds are gathered with PEXT (BMI2) where
/// present, after each 31-step chunk's counts. Every kernel returns identical results; <see cref="SiftKernel"/>
/// picks one explicitly. The loops are compiled fully optimised on first use: under tiered compilation their first
/// calls ran unoptimised, and a short run (`bench distill --quick`) measured 2.3 to 3.6e9
/// rounds/s, a fifth to a third of the optimised speed.
/// </summary>
public static class Sifter
{
    /// <summary>Counts only (no key extraction).</summary>
    public static SiftCounts Count(in RoundPlanes planes, SiftKernel kernel = SiftKernel.Auto) =>
        Run(planes, ReadOnlySpan<ulong>.Empty, Span<ulong>.Empty, 0, kernel, extractKey: false).Counts;

    /// <summary>
    /// Counts, and appends the bits of <paramref name="keyOutcomes"/> (the station's own outcome plane) at the
    /// untested key rounds to <paramref name="keyDestination"/> starting at bit <paramref name="destinationBitOffset"/>.
    /// The destination must have room for <see cref="SiftCounts.RawKeyRounds"/> more bits.
    /// </summary>
    public static SiftResult Sift(
        in RoundPlanes planes,
        ReadOnlySpan<ulong> keyOutcomes,
        Span<ulong> keyDestination,
        long destinationBitOffset,
        SiftKernel kernel = SiftKernel.Auto)
    {
        if (keyOutcomes.Length < planes.WordCount)
        {
            throw new ArgumentException("The key outcome plane is shorter than the block.", nameof(keyOutcomes));
        }

        return Run(planes, keyOutcomes, keyDestination, destinationBitOffset, kernel, extractKey: true);
    }

    /// <summary>Writes the mask of untested key rounds ((x, y) = (2, 1), not tested) into <paramref name="mask"/>.</summary>
    public static void WriteKeyRoundMask(in RoundPlanes planes, Span<ulong> mask)
    {
        if (mask.Length < planes.WordCount)
        {
            throw new ArgumentException("The mask is shorter than the block.", nameof(mask));
        }

        for (int w = 0; w < planes.WordCount; w++)
        {
            mask[w] = KeyMask(planes.AliceHigh[w], planes.AliceLow[w], planes.Bob[w], planes.TestMask[w]) & planes.ValidMask(w);
        }
    }

    /// <summary>True when <paramref name="kernel"/> resolves to the vector path on this processor.</summary>
    public static bool UsesVectors(SiftKernel kernel) => kernel != SiftKernel.Scalar && Avx2.IsSupported;

    /// <summary>What <paramref name="kernel"/> runs on here: the counting path and how key bits are gathered.</summary>
    public static string VectorPath(SiftKernel kernel) =>
        (UsesVectors(kernel) ? "AVX2" : "scalar") + (UsesPext(kernel) ? " + BMI2 PEXT" : " + software PEXT");

    private static bool UsesPext(SiftKernel kernel) => kernel != SiftKernel.Scalar && Bmi2.X64.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong KeyMask(ulong high, ulong low, ulong bob, ulong test) => high & ~low & bob & ~test;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // fully optimised from the first call: see the class remarks
    private static SiftResult Run(
        in RoundPlanes planes, ReadOnlySpan<ulong> keyOutcomes, Span<ulong> keyDestination, long offset, SiftKernel kernel, bool extractKey)
    {
        var counters = new Counters();
        var appender = new BitAppender(keyDestination, extractKey ? offset : 0);
        bool pext = UsesPext(kernel);
        int fullWords = (int)(planes.RoundCount >> 6);
        int done = 0;
        if (UsesVectors(kernel))
        {
            done = CountAvx2(planes, fullWords, ref counters, keyOutcomes, ref appender, extractKey, pext);
        }

        for (int w = done; w < planes.WordCount; w++)
        {
            ulong valid = planes.ValidMask(w);
            CountWordScalar(planes.AliceHigh[w], planes.AliceLow[w], planes.Bob[w], planes.OutcomeA[w], planes.OutcomeB[w], planes.TestMask[w], valid, ref counters);
        }

        if (extractKey)
        {
            ExtractKeys(planes, keyOutcomes, done, planes.WordCount, ref appender, pext);
            appender.Flush();
        }

        long written = extractKey ? appender.Position - offset : 0;
        return new SiftResult(counters.ToCounts(), written);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // fully optimised from the first call: see the class remarks
    private static void ExtractKeys(in RoundPlanes planes, ReadOnlySpan<ulong> outcomes, int from, int to, ref BitAppender appender, bool pext)
    {
        for (int w = from; w < to; w++)
        {
            ulong mask = KeyMask(planes.AliceHigh[w], planes.AliceLow[w], planes.Bob[w], planes.TestMask[w]) & planes.ValidMask(w);
            appender.Append(pext ? Bmi2.X64.ParallelBitExtract(outcomes[w], mask) : BitGather.ExtractScalar(outcomes[w], mask), BitOperations.PopCount(mask));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CountWordScalar(ulong hi, ulong lo, ulong y, ulong a, ulong b, ulong t, ulong valid, ref Counters c)
    {
        hi &= valid;
        lo &= valid;
        t &= valid;
        ulong disagree = a ^ b;
        ulong tx0 = t & ~(hi | lo);
        ulong tx1 = t & ~hi & lo;
        ulong tx2 = t & hi & ~lo;
        ulong notY = ~y;
        ulong m00 = tx0 & notY, m01 = tx0 & y, m10 = tx1 & notY, m11 = tx1 & y, m20 = tx2 & notY, m21 = tx2 & y;
        c.T00 += BitOperations.PopCount(m00);
        c.T01 += BitOperations.PopCount(m01);
        c.T10 += BitOperations.PopCount(m10);
        c.T11 += BitOperations.PopCount(m11);
        c.T20 += BitOperations.PopCount(m20);
        c.T21 += BitOperations.PopCount(m21);
        c.D00 += BitOperations.PopCount(m00 & disagree);
        c.D01 += BitOperations.PopCount(m01 & disagree);
        c.D10 += BitOperations.PopCount(m10 & disagree);
        c.D11 += BitOperations.PopCount(m11 & disagree);
        c.D20 += BitOperations.PopCount(m20 & disagree);
        c.D21 += BitOperations.PopCount(m21 & disagree);
        c.Invalid += BitOperations.PopCount(hi & lo);
        c.Key += BitOperations.PopCount(hi & ~lo & y & ~t & valid);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // fully optimised from the first call: see the class remarks
    private static unsafe int CountAvx2(
        in RoundPlanes planes, int fullWords, ref Counters c, ReadOnlySpan<ulong> keyOutcomes, ref BitAppender appender, bool extractKey, bool pext)
    {
        const int Step = 4;
        const int FoldEvery = 31; // byte counters grow by at most 8 per step: 31 * 8 = 248 < 256
        int steps = fullWords / Step;
        var lookup = Vector256.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        var nibble = Vector256.Create((byte)0x0F);
        Span<Vector256<ulong>> totals = stackalloc Vector256<ulong>[Counters.Count];
        Span<Vector256<byte>> bytes = stackalloc Vector256<byte>[Counters.Count];
        Span<ulong> keyMasks = stackalloc ulong[FoldEvery * Step];
        totals.Clear();
        fixed (ulong* pHi = planes.AliceHigh, pLo = planes.AliceLow, pY = planes.Bob, pA = planes.OutcomeA, pB = planes.OutcomeB, pT = planes.TestMask)
        {
            int s = 0;
            while (s < steps)
            {
                int chunkStart = s;
                int chunkEnd = Math.Min(steps, s + FoldEvery);
                var c00 = Vector256<byte>.Zero; var c01 = c00; var c10 = c00; var c11 = c00; var c20 = c00; var c21 = c00;
                var d00 = c00; var d01 = c00; var d10 = c00; var d11 = c00; var d20 = c00; var d21 = c00;
                var inv = c00; var key = c00;
                for (; s < chunkEnd; s++)
                {
                    int o = s * Step;
                    var hi = Avx.LoadVector256(pHi + o);
                    var lo = Avx.LoadVector256(pLo + o);
                    var y = Avx.LoadVector256(pY + o);
                    var t = Avx.LoadVector256(pT + o);
                    var disagree = Avx2.Xor(Avx.LoadVector256(pA + o), Avx.LoadVector256(pB + o));
                    var tx0 = Avx2.AndNot(Avx2.Or(hi, lo), t);
                    var tx1 = Avx2.AndNot(hi, Avx2.And(lo, t));
                    var hiNotLo = Avx2.AndNot(lo, hi);
                    var tx2 = Avx2.And(hiNotLo, t);
                    var m00 = Avx2.AndNot(y, tx0); var m01 = Avx2.And(tx0, y);
                    var m10 = Avx2.AndNot(y, tx1); var m11 = Avx2.And(tx1, y);
                    var m20 = Avx2.AndNot(y, tx2); var m21 = Avx2.And(tx2, y);
                    c00 = Avx2.Add(c00, PopCountBytes(m00, lookup, nibble));
                    c01 = Avx2.Add(c01, PopCountBytes(m01, lookup, nibble));
                    c10 = Avx2.Add(c10, PopCountBytes(m10, lookup, nibble));
                    c11 = Avx2.Add(c11, PopCountBytes(m11, lookup, nibble));
                    c20 = Avx2.Add(c20, PopCountBytes(m20, lookup, nibble));
                    c21 = Avx2.Add(c21, PopCountBytes(m21, lookup, nibble));
                    d00 = Avx2.Add(d00, PopCountBytes(Avx2.And(m00, disagree), lookup, nibble));
                    d01 = Avx2.Add(d01, PopCountBytes(Avx2.And(m01, disagree), lookup, nibble));
                    d10 = Avx2.Add(d10, PopCountBytes(Avx2.And(m10, disagree), lookup, nibble));
                    d11 = Avx2.Add(d11, PopCountBytes(Avx2.And(m11, disagree), lookup, nibble));
                    d20 = Avx2.Add(d20, PopCountBytes(Avx2.And(m20, disagree), lookup, nibble));
                    d21 = Avx2.Add(d21, PopCountBytes(Avx2.And(m21, disagree), lookup, nibble));
                    inv = Avx2.Add(inv, PopCountBytes(Avx2.And(hi, lo), lookup, nibble));
                    var keyMask = Avx2.AndNot(t, Avx2.And(hiNotLo, y));
                    key = Avx2.Add(key, PopCountBytes(keyMask, lookup, nibble));
                    if (extractKey)
                    {
                        keyMask.StoreUnsafe(ref keyMasks[(s - chunkStart) * Step]);
                    }
                }

                // The chunk's key bits are gathered after its counts, in one scalar loop over the chunk's masks:
                // appending is a chain of data-dependent branches, and a mispredicted one inside the vector loop
                // discarded counting work with it.
                if (extractKey)
                {
                    int from = chunkStart * Step;
                    int count = (chunkEnd - chunkStart) * Step;
                    if (pext)
                    {
                        appender.AppendSelected(keyOutcomes.Slice(from, count), keyMasks[..count]);
                    }
                    else
                    {
                        ExtractKeys(planes, keyOutcomes, from, from + count, ref appender, pext: false);
                    }
                }

                bytes[0] = c00; bytes[1] = c01; bytes[2] = c10; bytes[3] = c11; bytes[4] = c20; bytes[5] = c21;
                bytes[6] = d00; bytes[7] = d01; bytes[8] = d10; bytes[9] = d11; bytes[10] = d20; bytes[11] = d21;
                bytes[12] = inv; bytes[13] = key;
                for (int k = 0; k < Counters.Count; k++)
                {
                    totals[k] = Avx2.Add(totals[k], Avx2.SumAbsoluteDifferences(bytes[k], Vector256<byte>.Zero).AsUInt64());
                }
            }
        }

        Span<long> sums = stackalloc long[Counters.Count];
        for (int k = 0; k < Counters.Count; k++)
        {
            sums[k] = (long)Vector256.Sum(totals[k]);
        }

        c.Add(sums);
        return steps * Step;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> PopCountBytes(Vector256<ulong> v, Vector256<byte> lookup, Vector256<byte> nibble)
    {
        var low = Avx2.And(v.AsByte(), nibble);
        var high = Avx2.And(Avx2.ShiftRightLogical(v.AsUInt16(), 4).AsByte(), nibble);
        return Avx2.Add(Avx2.Shuffle(lookup, low), Avx2.Shuffle(lookup, high));
    }

    private struct Counters
    {
        public const int Count = 14;
        public long T00, T01, T10, T11, T20, T21, D00, D01, D10, D11, D20, D21, Invalid, Key;

        public void Add(ReadOnlySpan<long> s)
        {
            T00 += s[0]; T01 += s[1]; T10 += s[2]; T11 += s[3]; T20 += s[4]; T21 += s[5];
            D00 += s[6]; D01 += s[7]; D10 += s[8]; D11 += s[9]; D20 += s[10]; D21 += s[11];
            Invalid += s[12]; Key += s[13];
        }

        public readonly SiftCounts ToCounts()
        {
            Span<long> tested = [T00, T01, T10, T11, T20, T21];
            Span<long> agree = [T00 - D00, T01 - D01, T10 - D10, T11 - D11, T20 - D20, T21 - D21];
            return new SiftCounts(tested, agree, Invalid, Key);
        }
    }
}
