namespace QkdEdge.Wire.Framing
{
    /// <summary>Which end of the link a receiver sits at: it accepts only frames travelling towards it.</summary>
    public enum LinkEnd : byte
    {
        /// <summary>The board: accepts commands (host-to-board frame types).</summary>
        Board = 0,

        /// <summary>The host: accepts board-to-host frame types.</summary>
        Host = 1,
    }
}
