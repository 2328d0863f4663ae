using System;
using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Packing;

namespace QkdEdge.Wire.Frames
{
    /// <summary>
    /// The fields of a Rounds payload, with a straightforward reader into per-round columns. This is
    /// the reference decoder (emulator, tests, small tools); the host's ingest uses the table-driven
    /// decoder in QkdEdge.Wire.Decoding, which tests check against this one.
    /// </summary>
    public sealed class RoundsFrame
    {
        /// <summary>Board round index of the first round in the frame.</summary>
        public long FirstRoundIndex { get; private set; }

        public int RoundCount { get; private set; }

        public int AlphabetSize { get; private set; }

        /// <summary>Time tag of the first round, in board ticks.</summary>
        public long FirstTimeTag { get; private set; }

        public uint PeriodTicks { get; private set; }

        public int ExceptionCount { get; private set; }

        /// <summary>
        /// Reads a payload into the columns at <paramref name="start"/> (each needs room for
        /// <see cref="RoundsFrameLayout.MaxRoundsPerAnyFrame"/> rounds, or for the frame's count).
        /// On error nothing about the columns is promised and <paramref name="errorOffset"/> is relative to <paramref name="offset"/>.
        /// </summary>
        public FrameError ReadPayload(byte[] buffer, int offset, int length,
            byte[] settings, byte[] clicks, long[] timeTags, int start, out int errorOffset)
        {
            PayloadChecks.CheckRead(buffer, offset, length);
            if (settings == null)
                throw new ArgumentNullException("settings");
            if (clicks == null)
                throw new ArgumentNullException("clicks");
            if (timeTags == null)
                throw new ArgumentNullException("timeTags");

            if (length < RoundsFrameLayout.FixedPayloadLength)
            {
                errorOffset = length;
                return FrameError.PayloadLengthMismatch;
            }

            ulong firstRound = LittleEndian.ReadUInt64LittleEndian(buffer, offset + RoundsFrameLayout.FirstRoundOffset);
            int count = LittleEndian.ReadUInt16LittleEndian(buffer, offset + RoundsFrameLayout.RoundCountOffset);
            int alphabet = buffer[offset + RoundsFrameLayout.AlphabetSizeOffset];
            ulong firstTag = LittleEndian.ReadUInt64LittleEndian(buffer, offset + RoundsFrameLayout.FirstTimeTagOffset);
            uint period = LittleEndian.ReadUInt32LittleEndian(buffer, offset + RoundsFrameLayout.PeriodOffset);
            int exceptions = LittleEndian.ReadUInt16LittleEndian(buffer, offset + RoundsFrameLayout.ExceptionCountOffset);

            if (firstRound > (ulong)(long.MaxValue - count))
            {
                errorOffset = RoundsFrameLayout.FirstRoundOffset;
                return FrameError.FieldOutOfRange;
            }

            if (count == 0)
            {
                errorOffset = RoundsFrameLayout.RoundCountOffset;
                return FrameError.FieldOutOfRange;
            }

            if (alphabet < SettingsPacking.MinAlphabetSize)
            {
                errorOffset = RoundsFrameLayout.AlphabetSizeOffset;
                return FrameError.FieldOutOfRange;
            }

            int settingsLength = SettingsPacking.PackedLength(count, alphabet);
            int clicksLength = ClickPacking.PackedLength(count);
            int exceptionsOffset = RoundsFrameLayout.FixedPayloadLength + settingsLength + clicksLength;
            if (length < exceptionsOffset)
            {
                errorOffset = length;
                return FrameError.PayloadLengthMismatch;
            }

            if (start < 0 || start > settings.Length - count || start > clicks.Length - count || start > timeTags.Length - count)
                throw new ArgumentOutOfRangeException("start", "The columns have no room for the frame's rounds.");

            int position = offset + RoundsFrameLayout.FixedPayloadLength;
            int bad = SettingsPacking.Unpack(buffer, position, count, alphabet, settings, start);
            if (bad >= 0)
            {
                errorOffset = RoundsFrameLayout.FixedPayloadLength + bad;
                return FrameError.InvalidSettingsPacking;
            }

            position += settingsLength;
            bad = ClickPacking.Unpack(buffer, position, count, clicks, start);
            if (bad >= 0)
            {
                errorOffset = RoundsFrameLayout.FixedPayloadLength + settingsLength + bad;
                return FrameError.InvalidClickPadding;
            }

            position += clicksLength;

            // Time tags: every round one period after its predecessor, except the listed rounds.
            int end = offset + length;
            int nextException = count;
            long nextDeviation = 0;
            int remaining = exceptions;
            int exceptionStart = position;
            if (remaining > 0 && !TryReadException(buffer, ref position, end, 0, count, out nextException, out nextDeviation))
            {
                errorOffset = exceptionStart - offset;
                return FrameError.InvalidTimeTagException;
            }

            long tag = (long)firstTag;
            timeTags[start] = tag;
            for (int j = 1; j < count; j++)
            {
                tag = unchecked(tag + (long)period);
                if (j == nextException)
                {
                    tag = unchecked(tag + nextDeviation);
                    remaining--;
                    nextException = count;
                    exceptionStart = position;
                    if (remaining > 0 && !TryReadException(buffer, ref position, end, j, count, out nextException, out nextDeviation))
                    {
                        errorOffset = exceptionStart - offset;
                        return FrameError.InvalidTimeTagException;
                    }
                }

                timeTags[start + j] = tag;
            }

            if (remaining != 0)
            {
                errorOffset = position - offset;
                return FrameError.InvalidTimeTagException;
            }

            if (position != end)
            {
                errorOffset = position - offset;
                return FrameError.PayloadLengthMismatch;
            }

            FirstRoundIndex = (long)firstRound;
            RoundCount = count;
            AlphabetSize = alphabet;
            FirstTimeTag = (long)firstTag;
            PeriodTicks = period;
            ExceptionCount = exceptions;
            errorOffset = 0;
            return FrameError.None;
        }

        /// <summary>Reads one (gap, zigzag deviation) entry; the round must lie in (previous, count) and the deviation be non-zero.</summary>
        private static bool TryReadException(byte[] buffer, ref int position, int end, int previous, int count,
            out int round, out long deviation)
        {
            round = 0;
            deviation = 0;
            int read = Varint.TryRead(buffer, position, end, out ulong gap);
            if (read == 0 || gap == 0 || gap >= (ulong)(count - previous))
                return false;
            position += read;
            read = Varint.TryRead(buffer, position, end, out ulong zigzag);
            if (read == 0 || zigzag == 0)
                return false;
            position += read;
            round = previous + (int)gap;
            deviation = Varint.ZigZagDecode(zigzag);
            return true;
        }
    }
}
