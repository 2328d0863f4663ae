using System;

namespace QkdEdge.Wire.Framing
{
    /// <summary>
    /// Consistent Overhead Byte Stuffing (Cheshire and Baker, IEEE/ACM Trans. Networking 7(2), 1999),
    /// the variant without a trailing code byte after a final 254-byte run (docs/wire-protocol.md,
    /// section "Framing"). Hand-written: no nanoFramework package offers COBS, and it is twenty lines.
    /// </summary>
    public static class Cobs
    {
        /// <summary>Longest encoding of <paramref name="count"/> bytes: one code byte per started run of 254.</summary>
        public static int MaxEncodedLength(int count)
        {
            if (count < 0)
                throw new ArgumentOutOfRangeException("count");
            return count == 0 ? 1 : count + (count + 253) / 254;
        }

        /// <summary>
        /// Encodes <paramref name="count"/> bytes of <paramref name="source"/> into <paramref name="destination"/>
        /// (no delimiter is written) and returns the encoded length. The two ranges must not overlap.
        /// </summary>
        public static int Encode(byte[] source, int sourceOffset, int count, byte[] destination, int destinationOffset)
        {
            if (source == null)
                throw new ArgumentNullException("source");
            if (destination == null)
                throw new ArgumentNullException("destination");
            if (sourceOffset < 0 || count < 0 || sourceOffset > source.Length - count)
                throw new ArgumentOutOfRangeException("count");
            if (destinationOffset < 0 || destinationOffset > destination.Length - MaxEncodedLength(count))
                throw new ArgumentOutOfRangeException("destinationOffset");

            int codeIndex = destinationOffset;
            int write = destinationOffset + 1;
            byte code = 1;
            int end = sourceOffset + count;
            for (int read = sourceOffset; read < end; read++)
            {
                byte value = source[read];
                if (value == 0)
                {
                    destination[codeIndex] = code;
                    codeIndex = write++;
                    code = 1;
                    continue;
                }

                destination[write++] = value;
                code++;
                if (code == 0xFF)
                {
                    destination[codeIndex] = code;
                    code = 1;
                    // A full run at the very end needs no further code byte: the frame ends here.
                    if (read + 1 == end)
                        return write - destinationOffset;
                    codeIndex = write++;
                }
            }

            destination[codeIndex] = code;
            return write - destinationOffset;
        }

        /// <summary>
        /// Decodes one encoded frame (without its delimiter). Decoding in place (same array, same offset)
        /// is allowed, because the output never overtakes the input. Returns false, with the offset of
        /// the offending code byte relative to <paramref name="sourceOffset"/>, if the frame holds a zero
        /// byte or a code byte that points past its end.
        /// </summary>
        public static bool TryDecode(byte[] source, int sourceOffset, int count, byte[] destination, int destinationOffset,
            out int decodedLength, out int errorOffset)
        {
            if (source == null)
                throw new ArgumentNullException("source");
            if (destination == null)
                throw new ArgumentNullException("destination");
            if (sourceOffset < 0 || count < 0 || sourceOffset > source.Length - count)
                throw new ArgumentOutOfRangeException("count");
            if (destinationOffset < 0 || destinationOffset > destination.Length - count)
                throw new ArgumentOutOfRangeException("destinationOffset");

            int read = sourceOffset;
            int end = sourceOffset + count;
            int write = destinationOffset;
            while (read < end)
            {
                int code = source[read];
                if (code == 0 || read + code > end)
                {
                    decodedLength = 0;
                    errorOffset = read - sourceOffset;
                    return false;
                }

                read++;
                for (int i = 1; i < code; i++)
                {
                    byte value = source[read++];
                    if (value == 0)
                    {
                        decodedLength = 0;
                        errorOffset = read - 1 - sourceOffset;
                        return false;
                    }

                    destination[write++] = value;
                }

                // Every run except a full one (code 0xFF) and the last stands for a zero byte.
                if (code != 0xFF && read < end)
                    destination[write++] = 0;
            }

            decodedLength = write - destinationOffset;
            errorOffset = 0;
            return true;
        }
    }
}
