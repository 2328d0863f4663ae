namespace QkdEdge.Firmware.Hardware
{
    /// <summary>What the click capture reports when it is polled for a batch.</summary>
    public enum CaptureStatus : byte
    {
        /// <summary>The batch's rounds have not all happened yet; poll again.</summary>
        Pending = 0,

        /// <summary>Clicks and time tags of every round of the batch are in the buffers.</summary>
        Complete = 1,

        /// <summary>
        /// The peripherals could not serve the batch (a trigger was missed, capture memory overflowed,
        /// the setting lines started too far apart). The batch's rounds are lost; their round indices
        /// are not reused.
        /// </summary>
        Overrun = 2,
    }
}
