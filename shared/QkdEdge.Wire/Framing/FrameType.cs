namespace QkdEdge.Wire.Framing
{
    /// <summary>
    /// Byte 1 of every frame: what the payload is. Each value is the wire byte itself, named as in
    /// docs/wire-protocol.md. Bit 6 (0x40) set means host to board; clear means board to host.
    /// </summary>
    public enum FrameType : byte
    {
        /// <summary>Board to host: who the board is and how it is configured. Sent after boot and before the Ack of Hello.</summary>
        Info = 0x01,

        /// <summary>Board to host: a run of consecutive rounds (settings, clicks, coarse time tags).</summary>
        Rounds = 0x02,

        /// <summary>Board to host: run state and counters. Sent before the Ack of StatusRequest.</summary>
        Status = 0x03,

        /// <summary>Board to host: an RNG health test failed; the run has halted.</summary>
        RngAlarm = 0x04,

        /// <summary>Board to host: the result of one command.</summary>
        Ack = 0x05,

        /// <summary>Host to board: identify yourself (answered by Info, then Ack).</summary>
        Hello = 0x41,

        /// <summary>Host to board: set role, alphabet, batch size, gate width and round period.</summary>
        Configure = 0x42,

        /// <summary>Host to board: start producing rounds.</summary>
        Start = 0x43,

        /// <summary>Host to board: stop producing rounds.</summary>
        Stop = 0x44,

        /// <summary>Host to board: report counters (answered by Status, then Ack).</summary>
        StatusRequest = 0x45,

        /// <summary>Host to board: run the RNG start-up health tests again.</summary>
        SelfTest = 0x46,
    }

    /// <summary>Questions about a frame type byte: is it defined, which way does it travel.</summary>
    public static class FrameTypes
    {
        /// <summary>The direction bit: set on every host-to-board frame type.</summary>
        public const byte HostToBoardBit = 0x40;

        /// <summary>True if <paramref name="type"/> is a frame type of this protocol version.</summary>
        public static bool IsKnown(byte type)
        {
            return (type >= (byte)FrameType.Info && type <= (byte)FrameType.Ack)
                || (type >= (byte)FrameType.Hello && type <= (byte)FrameType.SelfTest);
        }

        /// <summary>True if <paramref name="type"/> travels from the host to the board (a command).</summary>
        public static bool IsCommand(byte type)
        {
            return (type & HostToBoardBit) != 0;
        }
    }
}
