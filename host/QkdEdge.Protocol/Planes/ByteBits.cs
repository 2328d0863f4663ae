using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace QkdEdge.Protocol.Planes;

/// <summary>Turns a column of per-round bytes into a bit-plane of one of their bits, eight rounds per step.</summary>
internal static class ByteBits
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
        int whole = column.Length & ~63;
        for (int start = 0; start < whole; start += 64)
        {
            var bytes = column.Slice(start, 64);
            ulong word = 0;
            for (int k = 0; k < 8; k++)
                word |= GatherEight(BinaryPrimitives.ReadUInt64LittleEndian(bytes[(8 * k)..]), bit) << (8 * k);
            plane[start >> 6] = word;
        }

        if (whole < column.Length)
        {
            ulong word = 0;
            for (int i = whole; i < column.Length; i++)
                word |= (ulong)((column[i] >> bit) & 1) << (i & 63);
            plane[whole >> 6] = word;
        }
    }
}
