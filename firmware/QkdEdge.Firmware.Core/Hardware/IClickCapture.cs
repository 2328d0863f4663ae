namespace QkdEdge.Firmware.Hardware
{
    /// <summary>
    /// The peripheral that watches the detectors during each round's gate. On the ESP32 it is one RMT
    /// receive channel per detector; in the emulator it returns what the optics model decided.
    /// </summary>
    public interface IClickCapture
    {
        /// <summary>
        /// Prepares to capture a batch. Called just before <see cref="ISettingsOutput.Load"/> starts the
        /// batch's rounds, so a receiver that must be listening before the first gate opens can start here.
        /// </summary>
        void Arm(long firstRound, int roundCount);

        /// <summary>
        /// Polls the armed batch. On <see cref="CaptureStatus.Complete"/>, <paramref name="clicks"/>[i]
        /// holds round i's click pattern (bit 0 detector 0, bit 1 detector 1) and
        /// <paramref name="timeTags"/>[i] its coarse time tag: the start of the round's gate in ticks of
        /// the board profile's time-tag clock, counted from boot. Must not block.
        /// </summary>
        CaptureStatus TryCollect(byte[] clicks, long[] timeTags, int roundCount);
    }
}
