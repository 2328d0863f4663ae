using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace QkdEdge.Distillation.Bits;

/// <summary>Turns a column of per-round bytes (settings, click patterns) into a bit-plane of one of their bits, eight rounds per step.</summary>
public static class ByteColumns
{
    /// <summary>
    /// With one bit per byte at positions 8i, the product's top byte collects byte i's bit at position i: the
    /// partial products never overlap, so no carry disturbs them. Portable, and as fast as PEXT here.
    /// </summary>
    private const ulong GatherMagic = 0x0102040810204080UL;

    private const ulong LowBitOfEachByte = 0x0101010101010101UL;

    /// <summary>Bit <paramref name="bit"/> of eight little-endian bytes, one bit per byte, byte i to bit i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong GatherEight(ulong eightBytes, int bit) => (((eightBytes >> bit) & LowBitOfEachByte) * GatherMagic) >> 56;

    /// <summary>Writes bit <paramref name="bit"/> of every byte of <paramref name="column"/> into <paramref name="plane"/> (round i at bit i).</summary>
    public static void Plane(ReadOnlySpan<byte> column, int bit, Span<ulong> plane)
    {
        int words = (column.Length + 63) >> 6;
        for (int w = 0; w < words; w++)
            plane[w] = Word(column[(w << 6)..Math.Min(column.Length, (w + 1) << 6)], bit);
    }

    /// <summary>Bit <paramref name="bit"/> of each of up to 64 bytes, byte i to bit i.</summary>
    public static ulong Word(ReadOnlySpan<byte> bytes, int bit)
    {
        ulong word = 0;
        if (bytes.Length == 64)
        {
            for (int k = 0; k < 8; k++)
                word |= GatherEight(BinaryPrimitives.ReadUInt64LittleEndian(bytes[(8 * k)..]), bit) << (8 * k);
            return word;
        }

        for (int i = 0; i < bytes.Length; i++)
            word |= (ulong)((bytes[i] >> bit) & 1) << i;
        return word;
    }
}
