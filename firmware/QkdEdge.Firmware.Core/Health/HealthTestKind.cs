namespace QkdEdge.Firmware.Health
{
    /// <summary>Which SP 800-90B health test failed. The values appear in RngAlarm frames.</summary>
    public enum HealthTestKind : byte
    {
        /// <summary>No test has failed.</summary>
        None = 0,

        /// <summary>Repetition count test, SP 800-90B section 4.4.1 (a stuck source).</summary>
        RepetitionCount = 1,

        /// <summary>Adaptive proportion test, SP 800-90B section 4.4.2 (a biased source).</summary>
        AdaptiveProportion = 2,
    }
}
