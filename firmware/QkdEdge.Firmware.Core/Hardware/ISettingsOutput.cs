namespace QkdEdge.Firmware.Hardware
{
    /// <summary>
    /// The peripheral that plays a batch of measurement settings out to the setting lines, one
    /// setting per round, and drives the detector gate. On the ESP32 it is a set of RMT transmit
    /// channels; in the emulator it hands the settings to the optics model.
    /// </summary>
    public interface ISettingsOutput
    {
        /// <summary>
        /// Sets the round timing for the following batches, in ticks of the board's tick clock. Called
        /// when a configuration is accepted, never in the batch loop.
        /// </summary>
        void Configure(uint roundPeriodTicks, uint gateWidthTicks);

        /// <summary>
        /// Plays out <paramref name="roundCount"/> settings starting with round
        /// <paramref name="firstRound"/> (the click capture has been armed for them already). <paramref name="packedSettings"/> holds them in the wire's
        /// packed form (base <paramref name="alphabetSize"/>, see docs/wire-protocol.md, "Settings
        /// block"), so the same bytes go to the peripheral and into the Rounds frame. The buffer is
        /// reused for the next batch once the click capture has reported this one.
        /// </summary>
        void Load(long firstRound, byte[] packedSettings, int alphabetSize, int roundCount);
    }
}
