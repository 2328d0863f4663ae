using QkdEdge.Wire.Framing;

namespace QkdEdge.Wire.Frames
{
    /// <summary>
    /// Board to host, type 0x03: run state and counters since boot. Sent in answer to StatusRequest
    /// (before its Ack) and whenever the firmware chooses, always between batches. A reusable instance.
    /// </summary>
    public sealed class StatusFrame
    {
        public const int PayloadLength =
            1    // run state
            + 8  // rounds completed since boot (uint64) = first round index of the next Rounds frame
            + 4  // batches completed (uint32)
            + 4  // overruns (uint32)
            + 4  // dropped batches (uint32)
            + 4  // RNG alarms (uint32)
            + 4  // rejected command frames (uint32)
            + 8; // board clock now, in ticks (uint64)

        public RunState State { get; set; }

        /// <summary>Rounds completed since boot; because Status goes out between batches this is also the first round index of the next Rounds frame.</summary>
        public long RoundsCompleted { get; set; }

        /// <summary>Batches completed since boot (sent or dropped).</summary>
        public uint Batches { get; set; }

        /// <summary>Batches whose capture or settings output missed its deadline.</summary>
        public uint Overruns { get; set; }

        /// <summary>Batches measured but not sent (transmit buffer full); their rounds are lost.</summary>
        public uint DroppedBatches { get; set; }

        /// <summary>RNG health alarms since boot.</summary>
        public uint RngAlarms { get; set; }

        /// <summary>Command frames the board discarded as malformed (bad COBS, CRC, length or field).</summary>
        public uint RejectedCommandFrames { get; set; }

        /// <summary>The board clock when the frame was written, in ticks.</summary>
        public long CurrentTick { get; set; }

        /// <summary>Writes the payload; returns <see cref="PayloadLength"/>.</summary>
        public int WritePayload(byte[] buffer, int offset)
        {
            PayloadChecks.CheckWrite(buffer, offset, PayloadLength);
            if (RoundsCompleted < 0)
                throw new System.ArgumentOutOfRangeException("RoundsCompleted");
            buffer[offset] = (byte)State;
            LittleEndian.WriteUInt64LittleEndian(buffer, offset + 1, (ulong)RoundsCompleted);
            LittleEndian.WriteUInt32LittleEndian(buffer, offset + 9, Batches);
            LittleEndian.WriteUInt32LittleEndian(buffer, offset + 13, Overruns);
            LittleEndian.WriteUInt32LittleEndian(buffer, offset + 17, DroppedBatches);
            LittleEndian.WriteUInt32LittleEndian(buffer, offset + 21, RngAlarms);
            LittleEndian.WriteUInt32LittleEndian(buffer, offset + 25, RejectedCommandFrames);
            LittleEndian.WriteUInt64LittleEndian(buffer, offset + 29, (ulong)CurrentTick);
            return PayloadLength;
        }

        /// <summary>Reads a payload; on error the properties are unspecified and <paramref name="errorOffset"/> is relative to <paramref name="offset"/>.</summary>
        public FrameError ReadPayload(byte[] buffer, int offset, int length, out int errorOffset)
        {
            PayloadChecks.CheckRead(buffer, offset, length);
            FrameError error = PayloadChecks.CheckFixedLength(length, PayloadLength, out errorOffset);
            if (error != FrameError.None)
                return error;

            byte state = buffer[offset];
            if (state > (byte)RunState.Halted)
            {
                errorOffset = 0;
                return FrameError.FieldOutOfRange;
            }

            ulong rounds = LittleEndian.ReadUInt64LittleEndian(buffer, offset + 1);
            if (rounds > long.MaxValue)
            {
                errorOffset = 1;
                return FrameError.FieldOutOfRange;
            }

            State = (RunState)state;
            RoundsCompleted = (long)rounds;
            Batches = LittleEndian.ReadUInt32LittleEndian(buffer, offset + 9);
            Overruns = LittleEndian.ReadUInt32LittleEndian(buffer, offset + 13);
            DroppedBatches = LittleEndian.ReadUInt32LittleEndian(buffer, offset + 17);
            RngAlarms = LittleEndian.ReadUInt32LittleEndian(buffer, offset + 21);
            RejectedCommandFrames = LittleEndian.ReadUInt32LittleEndian(buffer, offset + 25);
            CurrentTick = (long)LittleEndian.ReadUInt64LittleEndian(buffer, offset + 29);
            return FrameError.None;
        }
    }
}
