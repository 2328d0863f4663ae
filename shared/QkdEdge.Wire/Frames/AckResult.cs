namespace QkdEdge.Wire.Frames
{
    /// <summary>The outcome of a command, carried in its Ack (one byte on the wire).</summary>
    public enum AckResult : byte
    {
        /// <summary>Done.</summary>
        Ok = 0,

        /// <summary>The board does not implement this command type.</summary>
        UnknownCommand = 1,

        /// <summary>The payload has the wrong length or a field out of range (e.g. alphabet or batch size the board cannot do).</summary>
        InvalidParameter = 2,

        /// <summary>Not allowed in the current run state (e.g. Configure while running, Start before Configure).</summary>
        WrongState = 3,

        /// <summary>Start refused: an RNG health alarm halted the board.</summary>
        RngHalted = 4,

        /// <summary>The command was addressed to another station id.</summary>
        WrongStation = 5,

        /// <summary>The command frame has another protocol version; the Ack carries the board's version.</summary>
        UnsupportedVersion = 6,

        /// <summary>SelfTest ran and an RNG health test failed (an RngAlarm frame precedes this Ack).</summary>
        SelfTestFailed = 7,
    }
}
