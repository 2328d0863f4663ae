using System;

namespace QkdEdge.Wire.Packing
{
    /// <summary>
    /// Unsigned LEB128 varints (7 bits per byte, least significant group first, bit 7 set on every
    /// byte but the last) and zigzag mapping for signed values (0, -1, 1, -2, ... to 0, 1, 2, 3, ...),
    /// as in Protocol Buffers. Only the minimal encoding is valid on the wire.
    /// </summary>
    public static class Varint
    {
        /// <summary>Longest varint: ceil(64 / 7) bytes.</summary>
        public const int MaxLength = 10;

        /// <summary>Bytes that <paramref name="value"/> takes as a varint.</summary>
        public static int Length(ulong value)
        {
            int length = 1;
            while (value >= 0x80)
            {
                value >>= 7;
                length++;
            }

            return length;
        }

        /// <summary>Zigzag: maps signed to unsigned so that small magnitudes stay short.</summary>
        public static ulong ZigZagEncode(long value)
        {
            return (ulong)((value << 1) ^ (value >> 63));
        }

        /// <summary>Inverse of <see cref="ZigZagEncode"/>.</summary>
        public static long ZigZagDecode(ulong value)
        {
            return (long)(value >> 1) ^ -(long)(value & 1);
        }

        /// <summary>Writes <paramref name="value"/>; returns the bytes written. The caller ensures room (see <see cref="Length"/>).</summary>
        public static int Write(byte[] buffer, int offset, ulong value)
        {
            int i = offset;
            while (value >= 0x80)
            {
                buffer[i++] = (byte)(value | 0x80);
                value >>= 7;
            }

            buffer[i++] = (byte)value;
            return i - offset;
        }

        /// <summary>
        /// Reads a minimal varint from [offset, end). Returns the bytes read, or 0 if it runs past
        /// <paramref name="end"/>, is longer than 10 bytes, overflows 64 bits or is not minimal
        /// (a final byte of zero after a continuation).
        /// </summary>
        public static int TryRead(byte[] buffer, int offset, int end, out ulong value)
        {
            if (buffer == null)
                throw new ArgumentNullException("buffer");
            ulong result = 0;
            int shift = 0;
            int i = offset;
            while (i < end)
            {
                byte b = buffer[i++];
                ulong group = (ulong)(b & 0x7F);
                if (shift == 63 && group > 1)
                    break;
                result |= group << shift;
                if ((b & 0x80) == 0)
                {
                    if (b == 0 && i - offset > 1)
                        break;
                    value = result;
                    return i - offset;
                }

                shift += 7;
                if (shift > 63)
                    break;
            }

            value = 0;
            return 0;
        }
    }
}
