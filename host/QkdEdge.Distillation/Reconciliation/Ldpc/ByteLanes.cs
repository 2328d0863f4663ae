using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// The few 8-bit lane operations the box-plus layer needs, so one kernel serves AVX2 (32 lanes) and AVX-512
/// (64 lanes). Every operation has exactly the integer semantics of <see cref="BoxPlusLayer"/>'s scalar path.
/// Magnitudes are 0..127; a value's sign is its bit 7.
/// </summary>
internal unsafe interface IByteLanes<TV>
    where TV : struct
{
    static abstract int Width { get; }

    static abstract TV Load(sbyte* p);

    static abstract void Store(sbyte* p, TV value);

    /// <summary>Saturating posterior - message.</summary>
    static abstract TV Subtract(TV a, TV b);

    /// <summary>Saturating extrinsic + message.</summary>
    static abstract TV Add(TV a, TV b);

    static abstract TV Xor(TV a, TV b);

    /// <summary>min(|t|, 127).</summary>
    static abstract TV Magnitude(TV t);

    /// <summary>max(0, min(a, b) + g[min(a + b, 15)] - g[min(|a - b|, 15)]) on magnitudes.</summary>
    static abstract TV BoxPlus(TV a, TV b, TV table);

    /// <summary>The magnitude, negated in lanes where <paramref name="sign"/> is negative.</summary>
    static abstract TV WithSign(TV magnitude, TV sign);

    /// <summary>min(magnitude, <see cref="BoxPlusLayer.MessageLimit"/>).</summary>
    static abstract TV Limit(TV magnitude);

    /// <summary>Number of lanes whose value is negative.</summary>
    static abstract int CountNegative(TV value);

    /// <summary>The correction table in the form <see cref="BoxPlus"/> takes it.</summary>
    static abstract TV Table(ReadOnlySpan<byte> correction);
}

internal readonly unsafe struct Avx2Lanes : IByteLanes<Vector256<sbyte>>
{
    public static int Width => 32;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<sbyte> Load(sbyte* p) => Avx.LoadVector256(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(sbyte* p, Vector256<sbyte> value) => Avx.Store(p, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<sbyte> Subtract(Vector256<sbyte> a, Vector256<sbyte> b) => Avx2.SubtractSaturate(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<sbyte> Add(Vector256<sbyte> a, Vector256<sbyte> b) => Avx2.AddSaturate(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<sbyte> Xor(Vector256<sbyte> a, Vector256<sbyte> b) => Avx2.Xor(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<sbyte> Magnitude(Vector256<sbyte> t) => Avx2.Min(Avx2.Abs(t), Vector256.Create((byte)127)).AsSByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<sbyte> BoxPlus(Vector256<sbyte> a, Vector256<sbyte> b, Vector256<sbyte> table)
    {
        var limit = Vector256.Create((byte)(BoxPlusTable.Entries - 1));
        var ua = a.AsByte();
        var ub = b.AsByte();
        var min = Avx2.Min(ua, ub);
        var sum = Avx2.Min(Avx2.Add(ua, ub), limit);
        var difference = Avx2.Min(Avx2.Subtract(Avx2.Max(ua, ub), min), limit);
        return Avx2.SubtractSaturate(Avx2.Add(min, Avx2.Shuffle(table.AsByte(), sum)), Avx2.Shuffle(table.AsByte(), difference)).AsSByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<sbyte> WithSign(Vector256<sbyte> magnitude, Vector256<sbyte> sign) =>
        Avx2.Sign(magnitude, Avx2.Or(sign, Vector256.Create((sbyte)1)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<sbyte> Limit(Vector256<sbyte> magnitude) => Avx2.Min(magnitude, Vector256.Create((sbyte)BoxPlusLayer.MessageLimit));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CountNegative(Vector256<sbyte> value) => BitOperations.PopCount((uint)Avx2.MoveMask(value));

    public static Vector256<sbyte> Table(ReadOnlySpan<byte> correction)
    {
        // PSHUFB looks up 16 entries per 128-bit lane: the table repeated in both lanes.
        var t = new byte[32];
        for (int i = 0; i < 32; i++)
        {
            t[i] = correction[i & 15];
        }

        return Vector256.Create(t).AsSByte();
    }
}

internal readonly unsafe struct Avx512Lanes : IByteLanes<Vector512<sbyte>>
{
    public static int Width => 64;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<sbyte> Load(sbyte* p) => Vector512.Load(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(sbyte* p, Vector512<sbyte> value) => value.Store(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<sbyte> Subtract(Vector512<sbyte> a, Vector512<sbyte> b) => Avx512BW.SubtractSaturate(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<sbyte> Add(Vector512<sbyte> a, Vector512<sbyte> b) => Avx512BW.AddSaturate(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<sbyte> Xor(Vector512<sbyte> a, Vector512<sbyte> b) => a ^ b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<sbyte> Magnitude(Vector512<sbyte> t) => Avx512BW.Min(Avx512BW.Abs(t), Vector512.Create((byte)127)).AsSByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<sbyte> BoxPlus(Vector512<sbyte> a, Vector512<sbyte> b, Vector512<sbyte> table)
    {
        var limit = Vector512.Create((byte)(BoxPlusTable.Entries - 1));
        var ua = a.AsByte();
        var ub = b.AsByte();
        var min = Avx512BW.Min(ua, ub);
        var sum = Avx512BW.Min(ua + ub, limit);
        var difference = Avx512BW.Min(Avx512BW.Max(ua, ub) - min, limit);
        return Avx512BW.SubtractSaturate(min + Avx512BW.Shuffle(table.AsByte(), sum), Avx512BW.Shuffle(table.AsByte(), difference)).AsSByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<sbyte> WithSign(Vector512<sbyte> magnitude, Vector512<sbyte> sign)
    {
        var negative = Vector512.LessThan(sign, Vector512<sbyte>.Zero);
        return (magnitude ^ negative) - negative;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<sbyte> Limit(Vector512<sbyte> magnitude) => Avx512BW.Min(magnitude, Vector512.Create((sbyte)BoxPlusLayer.MessageLimit));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CountNegative(Vector512<sbyte> value) => BitOperations.PopCount(value.ExtractMostSignificantBits());

    public static Vector512<sbyte> Table(ReadOnlySpan<byte> correction)
    {
        // VPSHUFB looks up 16 entries per 128-bit lane: the table repeated in all four.
        var t = new byte[64];
        for (int i = 0; i < 64; i++)
        {
            t[i] = correction[i & 15];
        }

        return Vector512.Create(t).AsSByte();
    }
}
