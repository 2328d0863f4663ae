using System;

namespace QkdEdge.Firmware.Randomness
{
    /// <summary>
    /// Turns uniform random bytes into uniform, independent settings from an alphabet of k by
    /// rejection: with m the largest count such that k^m &lt;= 256, a byte below k^m is accepted and read
    /// as m base-k digits (least significant first); a byte of k^m or more is thrown away. Every
    /// accepted value is equally likely, so every m-tuple of digits is, exactly: no modulo bias. For
    /// k = 2 nothing is rejected (8 bits); for k = 3 a byte below 243 gives five trits (rejection
    /// 13/256, 1.69 random bits per trit against log2(3) = 1.585); for k = 4 four digits per byte.
    /// The digit order is the wire's settings packing, so an accepted byte is also a packed byte.
    /// </summary>
    public sealed class UniformDigitSampler
    {
        /// <summary>Smallest alphabet: a binary choice.</summary>
        public const int MinAlphabetSize = 2;

        /// <summary>Largest alphabet: the wire's alphabet field is one byte.</summary>
        public const int MaxAlphabetSize = 255;

        private readonly int _alphabetSize;
        private readonly int _digitsPerByte;
        private readonly int _acceptLimit;

        public UniformDigitSampler(int alphabetSize)
        {
            if (alphabetSize < MinAlphabetSize || alphabetSize > MaxAlphabetSize)
                throw new ArgumentOutOfRangeException("alphabetSize");
            _alphabetSize = alphabetSize;
            int digits = 0;
            int limit = 1;
            while (limit * alphabetSize <= 256)
            {
                limit *= alphabetSize;
                digits++;
            }

            _digitsPerByte = digits;
            _acceptLimit = limit;
        }

        /// <summary>k: settings are 0..k-1.</summary>
        public int AlphabetSize
        {
            get { return _alphabetSize; }
        }

        /// <summary>m: digits one accepted byte yields.</summary>
        public int DigitsPerByte
        {
            get { return _digitsPerByte; }
        }

        /// <summary>k^m: bytes below it are accepted.</summary>
        public int AcceptLimit
        {
            get { return _acceptLimit; }
        }

        /// <summary>True if <paramref name="raw"/> is accepted (below k^m).</summary>
        public bool Accepts(byte raw)
        {
            return raw < _acceptLimit;
        }

        /// <summary>
        /// Writes the m digits of an accepted byte to <paramref name="digits"/>[offset..offset+m) and
        /// returns m, or returns 0 and writes nothing if the byte is rejected.
        /// </summary>
        public int Decode(byte raw, byte[] digits, int offset)
        {
            int value = raw;
            if (value >= _acceptLimit)
                return 0;
            for (int i = 0; i < _digitsPerByte; i++)
            {
                // value is uniform on [0, k^(m-i)), so its remainder and quotient are uniform and independent.
                digits[offset + i] = (byte)(value % _alphabetSize);
                value /= _alphabetSize;
            }

            return _digitsPerByte;
        }
    }
}
