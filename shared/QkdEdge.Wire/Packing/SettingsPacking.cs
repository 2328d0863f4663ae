using System;

namespace QkdEdge.Wire.Packing
{
    /// <summary>
    /// Measurement settings packed base k: m = the largest m with k^m &lt;= 256 settings per byte, the
    /// first round in the least significant digit (docs/wire-protocol.md, "Settings block"). For k = 2
    /// that is one bit per round, LSB first; for k = 3 five trits per byte (3^5 = 243), 1.6 bits per
    /// round against log2(3) = 1.585.
    /// </summary>
    public static class SettingsPacking
    {
        /// <summary>Smallest alphabet the protocol allows.</summary>
        public const int MinAlphabetSize = 2;

        /// <summary>Largest alphabet the protocol allows (the field is one byte).</summary>
        public const int MaxAlphabetSize = 255;

        /// <summary>Settings per packed byte for alphabet <paramref name="alphabetSize"/>: the largest m with k^m &lt;= 256.</summary>
        public static int SettingsPerByte(int alphabetSize)
        {
            CheckAlphabet(alphabetSize);
            int m = 0;
            int power = 1;
            while (power * alphabetSize <= 256)
            {
                power *= alphabetSize;
                m++;
            }

            return m;
        }

        /// <summary>k^m: every packed byte must be below it.</summary>
        public static int PackedByteLimit(int alphabetSize)
        {
            return Power(alphabetSize, SettingsPerByte(alphabetSize));
        }

        /// <summary>Bytes that <paramref name="roundCount"/> settings take: ceil(roundCount / m).</summary>
        public static int PackedLength(int roundCount, int alphabetSize)
        {
            if (roundCount < 0)
                throw new ArgumentOutOfRangeException("roundCount");
            int m = SettingsPerByte(alphabetSize);
            return (roundCount + m - 1) / m;
        }

        /// <summary>
        /// Packs <paramref name="count"/> settings (each 0..k-1) from <paramref name="settings"/>[start] into
        /// <paramref name="destination"/> at <paramref name="offset"/>; returns the bytes written.
        /// A setting of k or more is a caller bug and throws.
        /// </summary>
        public static int Pack(byte[] settings, int start, int count, int alphabetSize, byte[] destination, int offset)
        {
            int m = SettingsPerByte(alphabetSize);
            int length = (count + m - 1) / m;
            if (settings == null)
                throw new ArgumentNullException("settings");
            if (destination == null)
                throw new ArgumentNullException("destination");
            if (start < 0 || count < 0 || start > settings.Length - count)
                throw new ArgumentOutOfRangeException("count");
            if (offset < 0 || offset > destination.Length - length)
                throw new ArgumentOutOfRangeException("offset");

            int round = start;
            int end = start + count;
            for (int i = 0; i < length; i++)
            {
                // Horner's rule from the last digit of this byte down to the first round.
                int last = round + m;
                if (last > end)
                    last = end;
                int value = 0;
                for (int r = last - 1; r >= round; r--)
                {
                    int s = settings[r];
                    if (s >= alphabetSize)
                        throw new ArgumentOutOfRangeException("settings", "A setting is not below the alphabet size.");
                    value = value * alphabetSize + s;
                }

                destination[offset + i] = (byte)value;
                round = last;
            }

            return length;
        }

        /// <summary>
        /// Unpacks <paramref name="count"/> settings. Returns the index (relative to <paramref name="offset"/>)
        /// of the first invalid packed byte (k^m or more, or non-zero padding digits in the last byte),
        /// or -1 if all are valid.
        /// </summary>
        public static int Unpack(byte[] source, int offset, int count, int alphabetSize, byte[] settings, int start)
        {
            int m = SettingsPerByte(alphabetSize);
            int limit = Power(alphabetSize, m);
            int length = (count + m - 1) / m;
            if (source == null)
                throw new ArgumentNullException("source");
            if (settings == null)
                throw new ArgumentNullException("settings");
            if (offset < 0 || offset > source.Length - length)
                throw new ArgumentOutOfRangeException("offset");
            if (start < 0 || count < 0 || start > settings.Length - count)
                throw new ArgumentOutOfRangeException("count");

            int round = start;
            int end = start + count;
            for (int i = 0; i < length; i++)
            {
                int value = source[offset + i];
                if (value >= limit)
                    return i;
                int last = round + m;
                if (last > end)
                    last = end;
                for (int r = round; r < last; r++)
                {
                    settings[r] = (byte)(value % alphabetSize);
                    value /= alphabetSize;
                }

                if (value != 0)
                    return i;
                round = last;
            }

            return -1;
        }

        private static int Power(int b, int e)
        {
            int p = 1;
            for (int i = 0; i < e; i++)
                p *= b;
            return p;
        }

        private static void CheckAlphabet(int alphabetSize)
        {
            if (alphabetSize < MinAlphabetSize || alphabetSize > MaxAlphabetSize)
                throw new ArgumentOutOfRangeException("alphabetSize");
        }
    }
}
