namespace QkdEdge.Firmware.Run
{
    /// <summary>Counters since boot, as the Status frame reports them.</summary>
    public sealed class FirmwareCounters
    {
        /// <summary>Round indices used since boot: the first round index of the next batch.</summary>
        public long RoundsCompleted { get; internal set; }

        /// <summary>Batches finished since boot, sent or not.</summary>
        public uint Batches { get; internal set; }

        /// <summary>Batches the peripherals could not serve (their rounds are lost).</summary>
        public uint Overruns { get; internal set; }

        /// <summary>Batches measured but not (completely) sent because the link was full.</summary>
        public uint DroppedBatches { get; internal set; }

        /// <summary>RNG health-test failures, start-up tests included.</summary>
        public uint RngAlarms { get; internal set; }

        /// <summary>Command frames discarded as malformed.</summary>
        public uint RejectedCommandFrames { get; internal set; }

        /// <summary>Batches abandoned by a Stop while in flight (their round indices are not reused).</summary>
        public uint AbandonedBatches { get; internal set; }
    }
}
