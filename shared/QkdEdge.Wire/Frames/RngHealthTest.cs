namespace QkdEdge.Wire.Frames
{
    /// <summary>Which RNG health test raised an alarm (NIST SP 800-90B section 4.4; one byte on the wire).</summary>
    public enum RngHealthTest : byte
    {
        /// <summary>Repetition Count Test (SP 800-90B 4.4.1): too many identical samples in a row.</summary>
        RepetitionCount = 1,

        /// <summary>Adaptive Proportion Test (SP 800-90B 4.4.2): one value too frequent in a window.</summary>
        AdaptiveProportion = 2,

        /// <summary>The start-up tests (SP 800-90B 4.3, run at boot and on SelfTest) failed.</summary>
        Startup = 3,
    }
}
