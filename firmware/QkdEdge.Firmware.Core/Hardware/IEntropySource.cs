namespace QkdEdge.Firmware.Hardware
{
    /// <summary>
    /// A raw physical noise source: the ESP32's hardware RNG, an external QRNG on SPI, or an emulated
    /// source in tests. Implementations return raw samples as they come from the noise source, before
    /// any conditioning, because the continuous health tests (NIST SP 800-90B section 4.4) must see
    /// the raw output to catch a stuck or biased source.
    /// </summary>
    public interface IEntropySource
    {
        /// <summary>Fills <paramref name="buffer"/>[offset, offset+count) with raw random bytes.</summary>
        void Fill(byte[] buffer, int offset, int count);
    }
}
