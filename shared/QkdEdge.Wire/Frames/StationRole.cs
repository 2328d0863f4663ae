namespace QkdEdge.Wire.Frames
{
    /// <summary>A station's part in the protocol (one byte on the wire).</summary>
    public enum StationRole : byte
    {
        /// <summary>Not configured yet: the board refuses Start.</summary>
        Unassigned = 0,

        /// <summary>The station whose key bits are the reference (three settings in CHSH DI-QKD).</summary>
        Alice = 1,

        /// <summary>The other station (two settings in CHSH DI-QKD).</summary>
        Bob = 2,
    }
}
