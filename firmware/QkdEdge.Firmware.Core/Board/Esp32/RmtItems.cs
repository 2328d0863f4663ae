namespace QkdEdge.Firmware.Board.Esp32
{
    /// <summary>
    /// The ESP32 RMT item (rmt_item32_t) as TransmitterChannel.SendData expects it: four bytes,
    /// duration0 in bits 0-14 and level0 in bit 15 of the first little-endian half-word, duration1 and
    /// level1 likewise in the second (ESP32 Technical Reference Manual, RMT chapter, and the
    /// nanoFramework RmtCommandSerializer). A duration of 0 ends a transmission. Written into a caller's
    /// buffer so a batch's waveform is built without allocation.
    /// </summary>
    public static class RmtItems
    {
        /// <summary>Bytes per item.</summary>
        public const int ItemBytes = 4;

        /// <summary>Longest duration one half of an item can hold: 15 bits.</summary>
        public const int MaxDuration = 32767;

        /// <summary>Writes one item at <paramref name="offset"/>; durations must be 0..32767.</summary>
        public static void Write(byte[] buffer, int offset, int duration0, bool level0, int duration1, bool level1)
        {
            buffer[offset] = (byte)duration0;
            buffer[offset + 1] = (byte)((duration0 >> 8) | (level0 ? 0x80 : 0));
            buffer[offset + 2] = (byte)duration1;
            buffer[offset + 3] = (byte)((duration1 >> 8) | (level1 ? 0x80 : 0));
        }
    }
}
