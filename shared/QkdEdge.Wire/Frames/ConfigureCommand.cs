using QkdEdge.Wire.Framing;

namespace QkdEdge.Wire.Frames
{
    /// <summary>
    /// Host to board, type 0x42: the run configuration. A reusable instance. The wire rules checked
    /// here (role, alphabet 2..255, batch size, 0 &lt; gate width &lt;= round period) are the
    /// protocol's; limits of a particular board (largest batch, alphabets it can draw) are checked by
    /// the firmware, which answers <see cref="AckResult.InvalidParameter"/>.
    /// </summary>
    public sealed class ConfigureCommand
    {
        public const int PayloadLength =
            1    // station role
            + 1  // alphabet size k
            + 2  // batch size in rounds (uint16)
            + 4  // gate width in ticks (uint32)
            + 4; // round period in ticks (uint32)

        public StationRole Role { get; set; }

        /// <summary>Number of measurement settings k (2..255).</summary>
        public int AlphabetSize { get; set; }

        /// <summary>Rounds per batch (1..65535); the board sends at least one Rounds frame per batch.</summary>
        public int BatchSize { get; set; }

        /// <summary>Detector gate width in board ticks (1..RoundPeriodTicks).</summary>
        public uint GateWidthTicks { get; set; }

        /// <summary>Nominal round period in board ticks (at least 1).</summary>
        public uint RoundPeriodTicks { get; set; }

        /// <summary>Writes the payload; returns <see cref="PayloadLength"/>. Values the wire cannot carry throw.</summary>
        public int WritePayload(byte[] buffer, int offset)
        {
            PayloadChecks.CheckWrite(buffer, offset, PayloadLength);
            if (Role != StationRole.Alice && Role != StationRole.Bob)
                throw new System.ArgumentOutOfRangeException("Role");
            if (AlphabetSize < 2 || AlphabetSize > 255)
                throw new System.ArgumentOutOfRangeException("AlphabetSize");
            if (BatchSize < 1 || BatchSize > 0xFFFF)
                throw new System.ArgumentOutOfRangeException("BatchSize");
            if (RoundPeriodTicks == 0 || GateWidthTicks == 0 || GateWidthTicks > RoundPeriodTicks)
                throw new System.ArgumentOutOfRangeException("GateWidthTicks");

            buffer[offset] = (byte)Role;
            buffer[offset + 1] = (byte)AlphabetSize;
            LittleEndian.WriteUInt16LittleEndian(buffer, offset + 2, (ushort)BatchSize);
            LittleEndian.WriteUInt32LittleEndian(buffer, offset + 4, GateWidthTicks);
            LittleEndian.WriteUInt32LittleEndian(buffer, offset + 8, RoundPeriodTicks);
            return PayloadLength;
        }

        /// <summary>Reads a payload; on error the properties are unspecified and <paramref name="errorOffset"/> is relative to <paramref name="offset"/>.</summary>
        public FrameError ReadPayload(byte[] buffer, int offset, int length, out int errorOffset)
        {
            PayloadChecks.CheckRead(buffer, offset, length);
            FrameError error = PayloadChecks.CheckFixedLength(length, PayloadLength, out errorOffset);
            if (error != FrameError.None)
                return error;

            byte role = buffer[offset];
            if (role != (byte)StationRole.Alice && role != (byte)StationRole.Bob)
            {
                errorOffset = 0;
                return FrameError.FieldOutOfRange;
            }

            byte alphabet = buffer[offset + 1];
            if (alphabet < 2)
            {
                errorOffset = 1;
                return FrameError.FieldOutOfRange;
            }

            ushort batch = LittleEndian.ReadUInt16LittleEndian(buffer, offset + 2);
            if (batch == 0)
            {
                errorOffset = 2;
                return FrameError.FieldOutOfRange;
            }

            uint gate = LittleEndian.ReadUInt32LittleEndian(buffer, offset + 4);
            uint period = LittleEndian.ReadUInt32LittleEndian(buffer, offset + 8);
            if (period == 0)
            {
                errorOffset = 8;
                return FrameError.FieldOutOfRange;
            }

            if (gate == 0 || gate > period)
            {
                errorOffset = 4;
                return FrameError.FieldOutOfRange;
            }

            Role = (StationRole)role;
            AlphabetSize = alphabet;
            BatchSize = batch;
            GateWidthTicks = gate;
            RoundPeriodTicks = period;
            return FrameError.None;
        }
    }
}
