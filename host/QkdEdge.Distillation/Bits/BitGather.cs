using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace QkdEdge.Distillation.Bits;

/// <summary>
/// Gathers the bits of a word selected by a mask into the low end (PEXT), and spreads low bits out to the
/// positions a mask selects (PDEP). Both are single instructions with BMI2; the scalar forms give the same
/// answers on processors without it (and on AMD before Zen 3, where the instructions are microcoded and slow,
/// a caller may prefer them).
/// </summary>
public static class BitGather
{
    /// <summary>True when <see cref="Extract"/> and <see cref="Deposit"/> run as single instructions here.</summary>
    public static bool IsHardwareAccelerated => Bmi2.X64.IsSupported;

    /// <summary>The bits of <paramref name="value"/> at the set positions of <paramref name="mask"/>, packed low, in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Extract(ulong value, ulong mask) =>
        Bmi2.X64.IsSupported ? Bmi2.X64.ParallelBitExtract(value, mask) : ExtractScalar(value, mask);

    /// <summary>The low bits of <paramref name="value"/>, in order, placed at the set positions of <paramref name="mask"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Deposit(ulong value, ulong mask) =>
        Bmi2.X64.IsSupported ? Bmi2.X64.ParallelBitDeposit(value, mask) : DepositScalar(value, mask);

    /// <summary>Portable PEXT, one set mask bit at a time.</summary>
    public static ulong ExtractScalar(ulong value, ulong mask)
    {
        ulong result = 0;
        int j = 0;
        while (mask != 0)
        {
            int position = BitOperations.TrailingZeroCount(mask);
            result |= ((value >> position) & 1) << j++;
            mask &= mask - 1;
        }

        return result;
    }

    /// <summary>Portable PDEP, one set mask bit at a time.</summary>
    public static ulong DepositScalar(ulong value, ulong mask)
    {
        ulong result = 0;
        while (mask != 0)
        {
            ulong lowest = mask & (~mask + 1);
            if ((value & 1) != 0)
            {
                result |= lowest;
            }

            value >>= 1;
            mask &= mask - 1;
        }

        return result;
    }
}
