namespace QkdEdge.Firmware.Board
{
    /// <summary>
    /// The board profile hardware/boards/esp32-devkitc-v4.json as constants, for the board, which
    /// cannot read JSON at boot cheaply. Kept by hand; a test in tests/QkdEdge.Firmware.Tests fails if
    /// a value here differs from the file. The reasons behind each number are in hardware/README.md.
    /// </summary>
    public static class Esp32DevKitCProfile
    {
        public const string Id = "esp32-devkitc-v4";

        // Pins (ESP32 GPIO numbers).
        public const int GateOutPin = 25;
        public const int SettingOutPin0 = 26;
        public const int SettingOutPin1 = 27;
        public const int ClickInPin0 = 34;
        public const int ClickInPin1 = 35;
        public const int TriggerInPin = 36;
        public const int DetectorEnableOutPin = 32;
        public const int RunningLedPin = 21;
        public const int AlarmLedPin = 22;
        public const int UartTxPin = 17;
        public const int UartRxPin = 16;
        public const int QrngSpiClockPin = 18;
        public const int QrngSpiMisoPin = 19;
        public const int QrngSpiMosiPin = 23;
        public const int QrngSpiChipSelectPin = 5;

        // Serial link.
        public const string SerialPort = "COM2";
        public const int Baud = 2000000;
        public const int WireBitsPerByte = 10;

        // Clocks.
        public const uint TickFrequencyHz = 10000000;
        public const int RmtSourceClockHz = 80000000;
        public const int RmtClockDivider = 8;
        public const int RmtMaxDurationTicks = 32767;
        public const int RmtReceiveIdleThresholdTicks = 32767;
        public const int RmtReceiveFilterApbCycles = 40;
        public const int HighResTimerResolutionNanoseconds = 1000;
        public const int ClickStretchTicks = 50;

        // Limits.
        public const int MaxBatchSize = 120;
        public const int MaxAlphabetSize = 4;
        public const uint MinRoundPeriodTicks = 100;
        public const uint MaxRoundPeriodTicks = 30000;
        public const uint MinGateWidthTicks = 10;
        public const uint MaxGateWidthTicks = 45;

        // Entropy source.
        public const int EntropySampleBits = 8;
        public const double ClaimedMinEntropyPerSample = 1.0;
        public const bool OnChipEntropyEnabledInImage = false;

        /// <summary>The profile as the core uses it.</summary>
        public static BoardProfile Create()
        {
            return new BoardProfile(Id, TickFrequencyHz, MaxBatchSize, MaxAlphabetSize,
                MinRoundPeriodTicks, MaxRoundPeriodTicks, MinGateWidthTicks, MaxGateWidthTicks);
        }
    }
}
