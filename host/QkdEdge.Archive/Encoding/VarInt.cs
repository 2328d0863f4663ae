namespace QkdEdge.Archive.Encoding;

/// <summary>LEB128 unsigned varints and zigzag signed mapping, as in Protocol Buffers.</summary>
internal static class VarInt
{
    public const int MaxLength = 10;

    public static int Write(Span<byte> destination, ulong value)
    {
        int i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Reads a varint; rejects overlong or over-64-bit encodings so every value has one encoding.</summary>
    public static ulong Read(ReadOnlySpan<byte> source, ref int offset)
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (offset >= source.Length)
                throw new ArchiveFormatException("varint runs past the end of its record");
            byte b = source[offset++];
            if (shift == 63 && b > 1)
                throw new ArchiveFormatException("varint exceeds 64 bits");
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                if (b == 0 && shift > 0)
                    throw new ArchiveFormatException("overlong varint");
                return result;
            }
        }
        throw new ArchiveFormatException("varint exceeds 64 bits");
    }

    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    public static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);
}
