namespace QkdEdge.Firmware.Hardware
{
    /// <summary>
    /// The board's free-running time base, in ticks of the board profile's tick clock
    /// (<see cref="Board.BoardProfile.TickFrequencyHz"/>), the unit of time tags and round periods on
    /// the wire. On the ESP32 it is the 64-bit esp_timer behind HighResTimer (1 µs) scaled to the
    /// 10 MHz RMT tick; in the emulator it is the virtual clock, so a run is reproducible from its seed.
    /// </summary>
    public interface IClock
    {
        /// <summary>Ticks since boot. Never decreases.</summary>
        long ReadTicks();
    }
}
