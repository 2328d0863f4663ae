using System;

namespace QkdEdge.Wire.Packing
{
    /// <summary>
    /// Click patterns, two bits per round, four rounds per byte, the first round in bits 0-1
    /// (docs/wire-protocol.md, "Click block"). In each pair bit 0 is detector 0 and bit 1 is
    /// detector 1, so no-click, single and double clicks all stay raw.
    /// </summary>
    public static class ClickPacking
    {
        /// <summary>Rounds per packed byte.</summary>
        public const int ClicksPerByte = 4;

        /// <summary>Bytes that <paramref name="roundCount"/> click patterns take: ceil(roundCount / 4).</summary>
        public static int PackedLength(int roundCount)
        {
            if (roundCount < 0)
                throw new ArgumentOutOfRangeException("roundCount");
            return (roundCount + 3) / 4;
        }

        /// <summary>
        /// Packs <paramref name="count"/> click patterns (each 0..3) into <paramref name="destination"/>;
        /// returns the bytes written. A pattern above 3 is a caller bug and throws.
        /// </summary>
        public static int Pack(byte[] clicks, int start, int count, byte[] destination, int offset)
        {
            int length = (count + 3) / 4;
            if (clicks == null)
                throw new ArgumentNullException("clicks");
            if (destination == null)
                throw new ArgumentNullException("destination");
            if (start < 0 || count < 0 || start > clicks.Length - count)
                throw new ArgumentOutOfRangeException("count");
            if (offset < 0 || offset > destination.Length - length)
                throw new ArgumentOutOfRangeException("offset");

            int end = start + count;
            int round = start;
            for (int i = 0; i < length; i++)
            {
                int value = 0;
                for (int shift = 0; shift < 8 && round < end; shift += 2)
                {
                    int c = clicks[round++];
                    if (c > 3)
                        throw new ArgumentOutOfRangeException("clicks", "A click pattern is above 3.");
                    value |= c << shift;
                }

                destination[offset + i] = (byte)value;
            }

            return length;
        }

        /// <summary>
        /// Unpacks <paramref name="count"/> click patterns. Returns -1, or the index (relative to
        /// <paramref name="offset"/>) of the last byte if its padding bits are not zero.
        /// </summary>
        public static int Unpack(byte[] source, int offset, int count, byte[] clicks, int start)
        {
            int length = (count + 3) / 4;
            if (source == null)
                throw new ArgumentNullException("source");
            if (clicks == null)
                throw new ArgumentNullException("clicks");
            if (offset < 0 || offset > source.Length - length)
                throw new ArgumentOutOfRangeException("offset");
            if (start < 0 || count < 0 || start > clicks.Length - count)
                throw new ArgumentOutOfRangeException("count");

            int round = start;
            int end = start + count;
            for (int i = 0; i < length; i++)
            {
                int value = source[offset + i];
                for (int shift = 0; shift < 8; shift += 2)
                {
                    if (round < end)
                    {
                        clicks[round++] = (byte)((value >> shift) & 3);
                    }
                    else if (((value >> shift) & 3) != 0)
                    {
                        return i;
                    }
                }
            }

            return -1;
        }
    }
}
