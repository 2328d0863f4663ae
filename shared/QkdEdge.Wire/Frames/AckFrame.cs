using QkdEdge.Wire.Framing;

namespace QkdEdge.Wire.Frames
{
    /// <summary>
    /// Board to host, type 0x05: the result of exactly one command. A reusable instance: set the
    /// properties and write, or read into it. Fields in docs/wire-protocol.md, "Ack".
    /// </summary>
    public sealed class AckFrame
    {
        public const int PayloadLength =
            1    // command frame type
            + 4  // command sequence number (uint32)
            + 1  // result
            + 1; // run state after the command

        /// <summary>The frame type of the command being answered.</summary>
        public FrameType CommandType { get; set; }

        /// <summary>The sequence number from the command's header.</summary>
        public uint CommandSequence { get; set; }

        public AckResult Result { get; set; }

        public RunState State { get; set; }

        /// <summary>Writes the payload; returns <see cref="PayloadLength"/>.</summary>
        public int WritePayload(byte[] buffer, int offset)
        {
            PayloadChecks.CheckWrite(buffer, offset, PayloadLength);
            buffer[offset] = (byte)CommandType;
            LittleEndian.WriteUInt32LittleEndian(buffer, offset + 1, CommandSequence);
            buffer[offset + 5] = (byte)Result;
            buffer[offset + 6] = (byte)State;
            return PayloadLength;
        }

        /// <summary>Reads a payload; on error the properties are unspecified and <paramref name="errorOffset"/> is relative to <paramref name="offset"/>.</summary>
        public FrameError ReadPayload(byte[] buffer, int offset, int length, out int errorOffset)
        {
            PayloadChecks.CheckRead(buffer, offset, length);
            FrameError error = PayloadChecks.CheckFixedLength(length, PayloadLength, out errorOffset);
            if (error != FrameError.None)
                return error;

            // An Ack may answer a command type this version does not know (result UnknownCommand), so
            // only the direction bit is checked.
            byte type = buffer[offset];
            if (!FrameTypes.IsCommand(type))
            {
                errorOffset = 0;
                return FrameError.FieldOutOfRange;
            }

            byte result = buffer[offset + 5];
            if (result > (byte)AckResult.SelfTestFailed)
            {
                errorOffset = 5;
                return FrameError.FieldOutOfRange;
            }

            byte state = buffer[offset + 6];
            if (state > (byte)RunState.Halted)
            {
                errorOffset = 6;
                return FrameError.FieldOutOfRange;
            }

            CommandType = (FrameType)type;
            CommandSequence = LittleEndian.ReadUInt32LittleEndian(buffer, offset + 1);
            Result = (AckResult)result;
            State = (RunState)state;
            return FrameError.None;
        }
    }
}
