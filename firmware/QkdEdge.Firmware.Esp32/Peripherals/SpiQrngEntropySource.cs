using System;
using System.Device.Spi;
using QkdEdge.Firmware.Hardware;

namespace QkdEdge.Firmware.Esp32.Peripherals
{
    /// <summary>
    /// An external quantum RNG that shifts raw random bytes out on MISO while it is clocked (no command
    /// protocol), on SPI bus 1 (VSPI) with its own chip select. Build with the EXTERNAL_QRNG symbol to
    /// use it instead of the on-chip RNG. The bytes go through the same SP 800-90B health tests.
    /// </summary>
    internal sealed class SpiQrngEntropySource : IEntropySource
    {
        private const int ChunkBytes = 64;

        private readonly SpiDevice _device;
        private readonly byte[] _chunk = new byte[ChunkBytes];

        /// <param name="clockFrequencyHz">SPI clock; the module's datasheet bounds it.</param>
        public SpiQrngEntropySource(int busId, int chipSelectPin, int clockFrequencyHz)
        {
            var settings = new SpiConnectionSettings(busId, chipSelectPin);
            settings.ClockFrequency = clockFrequencyHz;
            settings.Mode = SpiMode.Mode0;
            settings.DataFlow = DataFlow.MsbFirst;
            _device = SpiDevice.Create(settings);
        }

        public void Fill(byte[] buffer, int offset, int count)
        {
            while (count > 0)
            {
                int n = count < ChunkBytes ? count : ChunkBytes;
                _device.Read(new SpanByte(_chunk, 0, n));
                Array.Copy(_chunk, 0, buffer, offset, n);
                offset += n;
                count -= n;
            }
        }
    }
}
