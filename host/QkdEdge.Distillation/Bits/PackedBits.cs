using System.Numerics;
using System.Runtime.CompilerServices;

namespace QkdEdge.Distillation.Bits;

/// <summary>
/// Bit strings packed into 64-bit words, the layout every stage shares: bit i lives in word i &gt;&gt; 6 at
/// position i &amp; 63. Bits past the logical length in the last word are kept zero by every writer here.
/// </summary>
public static class PackedBits
{
    /// <summary>Words needed for <paramref name="bitCount"/> bits.</summary>
    public static int WordCount(long bitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bitCount);
        return checked((int)((bitCount + 63) >> 6));
    }

    /// <summary>The bits of word <paramref name="word"/> that lie within a string of <paramref name="bitCount"/> bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong WordMask(long bitCount, int word)
    {
        long remaining = bitCount - ((long)word << 6);
        return remaining >= 64 ? ulong.MaxValue : remaining <= 0 ? 0 : (1UL << (int)remaining) - 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Get(ReadOnlySpan<ulong> bits, long index) => ((bits[(int)(index >> 6)] >> (int)(index & 63)) & 1) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int GetBit(ReadOnlySpan<ulong> bits, long index) => (int)((bits[(int)(index >> 6)] >> (int)(index & 63)) & 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Set(Span<ulong> bits, long index, bool value)
    {
        ulong mask = 1UL << (int)(index & 63);
        ref ulong word = ref bits[(int)(index >> 6)];
        word = value ? word | mask : word & ~mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Flip(Span<ulong> bits, long index) => bits[(int)(index >> 6)] ^= 1UL << (int)(index & 63);

    /// <summary>Number of ones among the first <paramref name="bitCount"/> bits.</summary>
    public static long PopCount(ReadOnlySpan<ulong> bits, long bitCount)
    {
        int full = (int)(bitCount >> 6);
        long total = 0;
        for (int i = 0; i < full; i++)
        {
            total += BitOperations.PopCount(bits[i]);
        }

        int rest = (int)(bitCount & 63);
        if (rest != 0)
        {
            total += BitOperations.PopCount(bits[full] & ((1UL << rest) - 1));
        }

        return total;
    }

    /// <summary>Number of positions among the first <paramref name="bitCount"/> where the strings differ.</summary>
    public static long HammingDistance(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, long bitCount)
    {
        int full = (int)(bitCount >> 6);
        long total = 0;
        for (int i = 0; i < full; i++)
        {
            total += BitOperations.PopCount(a[i] ^ b[i]);
        }

        int rest = (int)(bitCount & 63);
        if (rest != 0)
        {
            total += BitOperations.PopCount((a[full] ^ b[full]) & ((1UL << rest) - 1));
        }

        return total;
    }

    /// <summary>Reads 1..64 bits starting at <paramref name="index"/> (bit index+j lands in result bit j).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ReadBits(ReadOnlySpan<ulong> bits, long index, int count)
    {
        int word = (int)(index >> 6);
        int shift = (int)(index & 63);
        ulong value = bits[word] >> shift;
        if (shift != 0 && shift + count > 64)
        {
            value |= bits[word + 1] << (64 - shift);
        }

        return count == 64 ? value : value & ((1UL << count) - 1);
    }

    /// <summary>Writes the low <paramref name="count"/> (1..64) bits of <paramref name="value"/> at <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteBits(Span<ulong> bits, long index, ulong value, int count)
    {
        ulong mask = count == 64 ? ulong.MaxValue : (1UL << count) - 1;
        value &= mask;
        int word = (int)(index >> 6);
        int shift = (int)(index & 63);
        bits[word] = (bits[word] & ~(mask << shift)) | (value << shift);
        if (shift != 0 && shift + count > 64)
        {
            int spill = 64 - shift;
            bits[word + 1] = (bits[word + 1] & ~(mask >> spill)) | (value >> spill);
        }
    }

    /// <summary>Copies <paramref name="count"/> bits between arbitrary bit offsets.</summary>
    public static void Copy(ReadOnlySpan<ulong> source, long sourceIndex, Span<ulong> destination, long destinationIndex, long count)
    {
        while (count > 0)
        {
            int chunk = (int)Math.Min(64, count);
            WriteBits(destination, destinationIndex, ReadBits(source, sourceIndex, chunk), chunk);
            sourceIndex += chunk;
            destinationIndex += chunk;
            count -= chunk;
        }
    }

    /// <summary>Clears the bits at and beyond <paramref name="bitCount"/> in the last used word and all later words.</summary>
    public static void ClearTail(Span<ulong> bits, long bitCount)
    {
        int full = (int)(bitCount >> 6);
        int rest = (int)(bitCount & 63);
        if (full < bits.Length && rest != 0)
        {
            bits[full] &= (1UL << rest) - 1;
            full++;
        }

        if (full < bits.Length)
        {
            bits[full..].Clear();
        }
    }

    /// <summary>Parity of the first <paramref name="bitCount"/> bits.</summary>
    public static int Parity(ReadOnlySpan<ulong> bits, long bitCount) => (int)(PopCount(bits, bitCount) & 1);
}
