namespace QkdEdge.Wire.Frames
{
    /// <summary>What the board is doing (one byte on the wire).</summary>
    public enum RunState : byte
    {
        /// <summary>Booted or stopped; accepts Configure, Start and SelfTest.</summary>
        Idle = 0,

        /// <summary>Producing rounds; accepts Stop, StatusRequest and Hello.</summary>
        Running = 1,

        /// <summary>Stopped by an RNG health alarm; Start is refused until a SelfTest passes or the board resets.</summary>
        Halted = 2,
    }
}
