using nanoFramework.Hardware.Esp32;
using nanoFramework.Hardware.Esp32.Rmt;
using QkdEdge.Firmware.Board;
using QkdEdge.Firmware.Board.Esp32;
using QkdEdge.Firmware.Hardware;

namespace QkdEdge.Firmware.Esp32.Peripherals
{
    /// <summary>
    /// Plays a batch out on three RMT transmit channels: the gate line and two setting lines (bit 0 and
    /// bit 1 of the setting, so alphabets up to 4). RMT clock: 80 MHz APB / 8 = 10 MHz, one tick =
    /// 100 ns, durations up to 32767 ticks (ESP32 Technical Reference Manual, RMT chapter). The
    /// waveforms are built into buffers that are reused from batch to batch.
    /// </summary>
    internal sealed class RmtSettingsOutput : ISettingsOutput
    {
        private readonly TransmitterChannel _gate;
        private readonly TransmitterChannel _setting0;
        private readonly TransmitterChannel _setting1;
        private byte[] _gateItems = new byte[0];
        private byte[] _setting0Items = new byte[0];
        private byte[] _setting1Items = new byte[0];
        private uint _periodTicks;
        private uint _gateTicks;
        private int _gateRounds = -1;

        public RmtSettingsOutput(int gateChannel, int setting0Channel, int setting1Channel)
        {
            _gate = Open(gateChannel, Esp32DevKitCProfile.GateOutPin);
            _setting0 = Open(setting0Channel, Esp32DevKitCProfile.SettingOutPin0);
            _setting1 = Open(setting1Channel, Esp32DevKitCProfile.SettingOutPin1);
        }

        /// <summary>Board ticks at which the last batch's first round began (gate channel start).</summary>
        public long BatchStartTicks { get; private set; }

        /// <summary>Board ticks between starting the first and the last channel of the last batch.</summary>
        public long StartSkewTicks { get; private set; }

        /// <summary>The skew the waveforms tolerate (RoundWaveforms.SkewTolerance).</summary>
        public int SkewToleranceTicks
        {
            get { return RoundWaveforms.SkewTolerance(_periodTicks, _gateTicks); }
        }

        /// <summary>Lead of the gate inside each round, in ticks.</summary>
        public int GateLeadTicks
        {
            get { return RoundWaveforms.GateLead(_periodTicks, _gateTicks); }
        }

        public uint PeriodTicks
        {
            get { return _periodTicks; }
        }

        public uint GateTicks
        {
            get { return _gateTicks; }
        }

        public void Configure(uint roundPeriodTicks, uint gateWidthTicks)
        {
            _periodTicks = roundPeriodTicks;
            _gateTicks = gateWidthTicks;
            _gateRounds = -1;
        }

        public void Load(long firstRound, byte[] packedSettings, int alphabetSize, int roundCount)
        {
            int length = RoundWaveforms.Length(roundCount);
            if (_gateItems.Length != length)
            {
                // Only when the batch size changes (after a Configure): SendData sends whole arrays.
                _gateItems = new byte[length];
                _setting0Items = new byte[length];
                _setting1Items = new byte[length];
                _gateRounds = -1;
            }

            if (_gateRounds != roundCount)
            {
                RoundWaveforms.WriteGate(_gateItems, roundCount, _periodTicks, _gateTicks);
                _gateRounds = roundCount;
            }

            int digits = DigitsPerByte(alphabetSize);
            RoundWaveforms.WriteSettingLine(_setting0Items, packedSettings, alphabetSize, digits, roundCount, 0, _periodTicks);
            RoundWaveforms.WriteSettingLine(_setting1Items, packedSettings, alphabetSize, digits, roundCount, 1, _periodTicks);

            // Setting lines first, gate last: the measured skew is then how late the gate started
            // relative to the first setting line.
            ulong before = HighResTimer.GetCurrent();
            _setting0.SendData(_setting0Items, false);
            _setting1.SendData(_setting1Items, false);
            _gate.SendData(_gateItems, false);
            ulong after = HighResTimer.GetCurrent();
            long ticksPerMicrosecond = Esp32DevKitCProfile.TickFrequencyHz / 1000000;
            BatchStartTicks = (long)after * ticksPerMicrosecond;
            StartSkewTicks = (long)(after - before) * ticksPerMicrosecond;
        }

        private static int DigitsPerByte(int alphabetSize)
        {
            int digits = 0;
            int power = 1;
            while (power * alphabetSize <= 256)
            {
                power *= alphabetSize;
                digits++;
            }

            return digits;
        }

        private static TransmitterChannel Open(int channel, int pin)
        {
            var settings = new TransmitChannelSettings(channel, pin);
            settings.ClockDivider = Esp32DevKitCProfile.RmtClockDivider;
            settings.NumberOfMemoryBlocks = 1;
            settings.BufferSize = Esp32DevKitCProfile.MaxBatchSize + 1;
            settings.EnableIdleLevelOutput = true;
            settings.IdleLevel = false;
            settings.EnableLooping = false;
            return new TransmitterChannel(settings);
        }
    }
}
