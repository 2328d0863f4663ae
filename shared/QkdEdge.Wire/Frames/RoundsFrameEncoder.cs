using System;
using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Packing;

namespace QkdEdge.Wire.Frames
{
    /// <summary>
    /// Writes the payload of a Rounds frame from per-round columns, allocation-free. Time tags are
    /// sent as the first tag, the nominal period, and an exception for every round whose distance to
    /// its predecessor is not exactly one period (docs/wire-protocol.md, "Time-tag exceptions").
    /// </summary>
    public static class RoundsFrameEncoder
    {
        /// <summary>
        /// Writes as many of the <paramref name="count"/> rounds from <paramref name="start"/> as fit in
        /// <paramref name="maxPayloadLength"/> bytes (always at least one) and returns the payload length.
        /// <paramref name="firstRoundIndex"/> is the board round index of <paramref name="start"/>.
        /// Settings must be below <paramref name="alphabetSize"/> and click patterns at most 3 (else it throws).
        /// </summary>
        public static int WritePayload(long firstRoundIndex, int alphabetSize, uint periodTicks,
            byte[] settings, byte[] clicks, long[] timeTags, int start, int count,
            byte[] buffer, int offset, int maxPayloadLength, out int roundsWritten)
        {
            if (settings == null)
                throw new ArgumentNullException("settings");
            if (clicks == null)
                throw new ArgumentNullException("clicks");
            if (timeTags == null)
                throw new ArgumentNullException("timeTags");
            if (buffer == null)
                throw new ArgumentNullException("buffer");
            if (count < 1 || start < 0
                || start > settings.Length - count || start > clicks.Length - count || start > timeTags.Length - count)
                throw new ArgumentOutOfRangeException("count");
            if (firstRoundIndex < 0 || firstRoundIndex > long.MaxValue - count)
                throw new ArgumentOutOfRangeException("firstRoundIndex");
            if (maxPayloadLength < RoundsFrameLayout.PayloadLength(1, alphabetSize, 0) || maxPayloadLength > WireLimits.MaxPayloadBytes)
                throw new ArgumentOutOfRangeException("maxPayloadLength");
            if (offset < 0 || offset > buffer.Length - maxPayloadLength)
                throw new ArgumentOutOfRangeException("offset", "The buffer has no room for the payload.");

            int rounds = CountRoundsThatFit(alphabetSize, periodTicks, timeTags, start, count, maxPayloadLength,
                out int exceptionCount, out int exceptionBytes);

            LittleEndian.WriteUInt64LittleEndian(buffer, offset + RoundsFrameLayout.FirstRoundOffset, (ulong)firstRoundIndex);
            LittleEndian.WriteUInt16LittleEndian(buffer, offset + RoundsFrameLayout.RoundCountOffset, (ushort)rounds);
            buffer[offset + RoundsFrameLayout.AlphabetSizeOffset] = (byte)alphabetSize;
            LittleEndian.WriteUInt64LittleEndian(buffer, offset + RoundsFrameLayout.FirstTimeTagOffset, (ulong)timeTags[start]);
            LittleEndian.WriteUInt32LittleEndian(buffer, offset + RoundsFrameLayout.PeriodOffset, periodTicks);
            LittleEndian.WriteUInt16LittleEndian(buffer, offset + RoundsFrameLayout.ExceptionCountOffset, (ushort)exceptionCount);

            int position = offset + RoundsFrameLayout.FixedPayloadLength;
            position += SettingsPacking.Pack(settings, start, rounds, alphabetSize, buffer, position);
            position += ClickPacking.Pack(clicks, start, rounds, buffer, position);

            int previousException = 0;
            for (int j = 1; j < rounds; j++)
            {
                long deviation = Deviation(timeTags, start + j, periodTicks);
                if (deviation == 0)
                    continue;
                position += Varint.Write(buffer, position, (ulong)(j - previousException));
                position += Varint.Write(buffer, position, Varint.ZigZagEncode(deviation));
                previousException = j;
            }

            roundsWritten = rounds;
            int length = position - offset;
            if (length != RoundsFrameLayout.PayloadLength(rounds, alphabetSize, exceptionBytes))
                throw new InvalidOperationException("Rounds payload length does not match its layout (encoder bug).");
            return length;
        }

        /// <summary>
        /// How many rounds fit in <paramref name="maxPayloadLength"/>, with the size of their exception list.
        /// The payload length only grows with the round count, so one forward pass finds the largest.
        /// </summary>
        public static int CountRoundsThatFit(int alphabetSize, uint periodTicks, long[] timeTags, int start, int count,
            int maxPayloadLength, out int exceptionCount, out int exceptionBytes)
        {
            int rounds = 1;
            int exBytes = 0;
            int exCount = 0;
            int previousException = 0;
            int limit = count < 0xFFFF ? count : 0xFFFF;
            for (int j = 1; j < limit; j++)
            {
                long deviation = Deviation(timeTags, start + j, periodTicks);
                int entryBytes = 0;
                if (deviation != 0)
                    entryBytes = Varint.Length((ulong)(j - previousException)) + Varint.Length(Varint.ZigZagEncode(deviation));
                if (RoundsFrameLayout.PayloadLength(j + 1, alphabetSize, exBytes + entryBytes) > maxPayloadLength)
                    break;
                rounds = j + 1;
                if (entryBytes != 0)
                {
                    exBytes += entryBytes;
                    exCount++;
                    previousException = j;
                }
            }

            exceptionCount = exCount;
            exceptionBytes = exBytes;
            return rounds;
        }

        /// <summary>Time-tag distance of round <paramref name="index"/> from its predecessor, minus the period (wrapping, as on the wire).</summary>
        private static long Deviation(long[] timeTags, int index, uint periodTicks)
        {
            return unchecked(timeTags[index] - timeTags[index - 1] - (long)periodTicks);
        }
    }
}
