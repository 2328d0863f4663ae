using System;
using QkdEdge.Wire.Framing;

namespace QkdEdge.Wire.Frames
{
    /// <summary>Argument checks shared by the payload readers and writers (misuse throws; bad bytes do not).</summary>
    internal static class PayloadChecks
    {
        public static void CheckWrite(byte[] buffer, int offset, int length)
        {
            if (buffer == null)
                throw new ArgumentNullException("buffer");
            if (offset < 0 || offset > buffer.Length - length)
                throw new ArgumentOutOfRangeException("offset", "The buffer has no room for the payload.");
        }

        public static void CheckRead(byte[] buffer, int offset, int length)
        {
            if (buffer == null)
                throw new ArgumentNullException("buffer");
            if (offset < 0 || length < 0 || offset > buffer.Length - length)
                throw new ArgumentOutOfRangeException("length");
        }

        /// <summary>Payload of a fixed size: the exact length or <see cref="FrameError.PayloadLengthMismatch"/>.</summary>
        public static FrameError CheckFixedLength(int length, int expected, out int errorOffset)
        {
            if (length != expected)
            {
                errorOffset = length < expected ? length : expected;
                return FrameError.PayloadLengthMismatch;
            }

            errorOffset = 0;
            return FrameError.None;
        }
    }
}
