using System.Device.Gpio;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using QkdEdge.Firmware.Board;
using QkdEdge.Firmware.Esp32.Peripherals;
using QkdEdge.Firmware.Hardware;
using QkdEdge.Firmware.Run;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Firmware.Esp32
{
    /// <summary>
    /// Wires the platform-free firmware core to the ESP32-DevKitC's peripherals
    /// (hardware/boards/esp32-devkitc-v4.json) and runs its step loop forever.
    /// </summary>
    public static class Program
    {
        /// <summary>
        /// The id this board writes into every frame header. Give each board of a link its own id
        /// (e.g. 1 for Alice's board, 2 for Bob's) before deploying.
        /// </summary>
        private const ushort StationId = 1;

        // RMT channels. A channel with n memory blocks also takes the blocks of the next n-1 channels
        // (nanoFramework RmtChannelSettings.NumberOfMemoryBlocks), so the receivers, which need two
        // blocks each, sit on channels 0 and 2, and the transmitters on 4, 5 and 6.
        private const int Detector0RxChannel = 0;
        private const int Detector1RxChannel = 2;
        private const int GateTxChannel = 4;
        private const int Setting0TxChannel = 5;
        private const int Setting1TxChannel = 6;

#if EXTERNAL_QRNG
        /// <summary>SPI bus 1 is the ESP32's VSPI in nanoFramework's numbering.</summary>
        private const int QrngSpiBus = 1;

        /// <summary>
        /// SPI clock of the QRNG module; keep it within the module's datasheet. 1 MHz gives 125 kB/s
        /// of raw bytes, far more than the settings need (about 0.2 bytes per round).
        /// </summary>
        private const int QrngSpiClockHz = 1000000;

        /// <summary>
        /// Min-entropy per raw byte from the QRNG vendor's SP 800-90B assessment. 1 bit per byte is the
        /// conservative value this firmware ships with; enter the assessed value of the fitted module.
        /// </summary>
        private const double QrngClaimedMinEntropyPerByte = 1.0;
#endif

        public static void Main()
        {
            // COM2's signals go to the pins of the external USB-serial bridge.
            Configuration.SetPinFunction(Esp32DevKitCProfile.UartTxPin, DeviceFunction.COM2_TX);
            Configuration.SetPinFunction(Esp32DevKitCProfile.UartRxPin, DeviceFunction.COM2_RX);

            IEntropySource entropy;
            EntropySourceClaim claim;
#if EXTERNAL_QRNG
            Configuration.SetPinFunction(Esp32DevKitCProfile.QrngSpiClockPin, DeviceFunction.SPI1_CLOCK);
            Configuration.SetPinFunction(Esp32DevKitCProfile.QrngSpiMisoPin, DeviceFunction.SPI1_MISO);
            Configuration.SetPinFunction(Esp32DevKitCProfile.QrngSpiMosiPin, DeviceFunction.SPI1_MOSI);
            entropy = new SpiQrngEntropySource(QrngSpiBus, Esp32DevKitCProfile.QrngSpiChipSelectPin, QrngSpiClockHz);
            claim = new EntropySourceClaim(QrngClaimedMinEntropyPerByte, true);
#else
            // The on-chip RNG is fit for runs only if the flashed image keeps its noise source on
            // (firmware/README.md, "Randomness"); otherwise the firmware boots, answers the host and
            // runs self-tests, but refuses Start.
            entropy = new OnChipRngEntropySource();
            claim = new EntropySourceClaim(Esp32DevKitCProfile.ClaimedMinEntropyPerSample,
                Esp32DevKitCProfile.OnChipEntropyEnabledInImage);
#endif

            var clock = new HighResTimerClock();
            var settingsOutput = new RmtSettingsOutput(GateTxChannel, Setting0TxChannel, Setting1TxChannel);
#if BENCH_WITHOUT_SOURCE
            bool requireSourceTriggers = false;
#else
            bool requireSourceTriggers = true;
#endif
            var clickCapture = new RmtClickCapture(settingsOutput, clock, Detector0RxChannel, Detector1RxChannel, requireSourceTriggers);
            var link = new UartSerialLink(Esp32DevKitCProfile.SerialPort, Esp32DevKitCProfile.Baud);
            var statusLines = new StatusLines(new GpioController(), Esp32DevKitCProfile.DetectorEnableOutPin,
                Esp32DevKitCProfile.RunningLedPin, Esp32DevKitCProfile.AlarmLedPin);

            var firmware = new StationFirmware(Esp32DevKitCProfile.Create(), StationId,
                new StationHardware(clock, entropy, settingsOutput, clickCapture, link, statusLines), claim);

            while (true)
            {
                firmware.Step();
                // While not running there is nothing to time: give the CPU to the runtime's other
                // threads (serial and RMT event dispatch) between polls of the command link.
                if (firmware.State != RunState.Running)
                    Thread.Sleep(1);
            }
        }
    }
}
