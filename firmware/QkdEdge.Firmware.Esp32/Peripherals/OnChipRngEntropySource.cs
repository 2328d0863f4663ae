using System;
using QkdEdge.Firmware.Hardware;

namespace QkdEdge.Firmware.Esp32.Peripherals
{
    /// <summary>
    /// The ESP32's hardware RNG. nanoFramework has no dedicated API for it: on ESP32 targets
    /// System.Random is implemented with esp_random() and ignores its seed, and NextBytes stores the low
    /// byte of one esp_random() word per byte (nf-interpreter, targets/ESP32/_nanoCLR/targetRandom.cpp).
    /// The output is only truly random while the RF subsystem (Wi-Fi or Bluetooth) or the SAR-ADC noise
    /// source enabled by bootloader_random_enable() is on (ESP-IDF programming guide, "Random Number
    /// Generation"); otherwise it is a pseudo-random sequence. See firmware/README.md for how the
    /// firmware deals with that.
    /// </summary>
    internal sealed class OnChipRngEntropySource : IEntropySource
    {
        private const int ChunkBytes = 64;

        private readonly Random _rng = new Random();
        private readonly byte[] _chunk = new byte[ChunkBytes];

        public void Fill(byte[] buffer, int offset, int count)
        {
            while (count > 0)
            {
                // NextBytes fills a whole array, so whole chunks are drawn and copied out.
                _rng.NextBytes(_chunk);
                int n = count < ChunkBytes ? count : ChunkBytes;
                Array.Copy(_chunk, 0, buffer, offset, n);
                offset += n;
                count -= n;
            }
        }
    }
}
