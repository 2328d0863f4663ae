using System;
using System.Device.Gpio;
using nanoFramework.Hardware.Esp32.Rmt;
using QkdEdge.Firmware.Board;
using QkdEdge.Firmware.Board.Esp32;
using QkdEdge.Firmware.Hardware;

namespace QkdEdge.Firmware.Esp32.Peripherals
{
    /// <summary>
    /// Captures a batch's clicks with one RMT receive channel per detector input. Each input carries
    /// one pulse per round from the detector conditioning logic (hardware/README.md), long if the
    /// detector clicked during the gate. A receive channel finishes when its input has been idle for
    /// the idle threshold (32767 ticks = 3.28 ms, longer than any round period the board accepts), i.e.
    /// after the batch's last round. The trigger input (the source's sync output) is counted by a
    /// GpioPulseCounter: a batch during which the source did not fire once per round is an overrun.
    /// </summary>
    internal sealed class RmtClickCapture : IClickCapture
    {
        /// <summary>
        /// A receive channel holds NumberOfMemoryBlocks x 64 items; two blocks give 128 items, one of
        /// which is the end marker, so up to 127 pulses per batch (the board profile allows 120 rounds).
        /// </summary>
        private const byte ReceiveMemoryBlocks = 2;

        private readonly RmtSettingsOutput _output;
        private readonly IClock _clock;
        private readonly ReceiverChannel _detector0;
        private readonly ReceiverChannel _detector1;
        private readonly GpioPulseCounter _triggers;
        private readonly bool _requireTriggers;
        private readonly int[] _widths = new int[Esp32DevKitCProfile.MaxBatchSize + 8];
        private RmtCommand[] _items0;
        private RmtCommand[] _items1;
        private int _rounds;
        private long _armedAtTicks;

        /// <param name="requireTriggers">False on a bench without a source: the trigger count is not checked.</param>
        public RmtClickCapture(RmtSettingsOutput output, IClock clock, int detector0Channel, int detector1Channel, bool requireTriggers)
        {
            _output = output;
            _clock = clock;
            _requireTriggers = requireTriggers;
            _detector0 = Open(detector0Channel, Esp32DevKitCProfile.ClickInPin0);
            _detector1 = Open(detector1Channel, Esp32DevKitCProfile.ClickInPin1);
            _triggers = new GpioPulseCounter(Esp32DevKitCProfile.TriggerInPin);
            _triggers.Polarity = GpioPulsePolarity.Rising;
            _triggers.Start();
        }

        public void Arm(long firstRound, int roundCount)
        {
            _rounds = roundCount;
            _items0 = null;
            _items1 = null;
            _detector0.Start(true);
            _detector1.Start(true);
            _triggers.Reset();
            _armedAtTicks = _clock.ReadTicks();
        }

        public CaptureStatus TryCollect(byte[] clicks, long[] timeTags, int roundCount)
        {
            // GetAllItems returns an empty array until the channel has gone idle after the batch.
            if (_items0 == null || _items0.Length == 0)
                _items0 = _detector0.GetAllItems();
            if (_items1 == null || _items1.Length == 0)
                _items1 = _detector1.GetAllItems();
            if (_items0.Length == 0 || _items1.Length == 0)
                return TimedOut() ? CaptureStatus.Overrun : CaptureStatus.Pending;

            _detector0.Stop();
            _detector1.Stop();
            if (_output.StartSkewTicks > _output.SkewToleranceTicks)
                return CaptureStatus.Overrun;
            if (_requireTriggers && _triggers.Read().Count != roundCount)
                return CaptureStatus.Overrun;

            Array.Clear(clicks, 0, roundCount);
            uint gate = _output.GateTicks;
            uint stretch = Esp32DevKitCProfile.ClickStretchTicks;
            if (!ClickPulseDecoder.Decode(_widths, HighWidths(_items0), roundCount, gate, stretch, 0, clicks)
                || !ClickPulseDecoder.Decode(_widths, HighWidths(_items1), roundCount, gate, stretch, 1, clicks))
                return CaptureStatus.Overrun;

            // Coarse time tag of a round: when its gate opened. The batch start is known to the 1 µs of
            // the esp_timer; inside the batch the RMT keeps the period to one tick.
            long start = _output.BatchStartTicks + _output.GateLeadTicks;
            long period = _output.PeriodTicks;
            for (int i = 0; i < roundCount; i++)
                timeTags[i] = start + i * period;
            return CaptureStatus.Complete;
        }

        /// <summary>Copies the high-level durations (the pulses) into the reused width buffer; returns their number.</summary>
        private int HighWidths(RmtCommand[] items)
        {
            int count = 0;
            for (int i = 0; i < items.Length && count < _widths.Length; i++)
            {
                RmtCommand item = items[i];
                if (item.Level0 && item.Duration0 > 0)
                    _widths[count++] = item.Duration0;
                if (item.Level1 && item.Duration1 > 0 && count < _widths.Length)
                    _widths[count++] = item.Duration1;
            }

            return count;
        }

        /// <summary>
        /// A batch lasts rounds x period and the receivers finish one idle threshold after it; twice
        /// that sum is allowed before the batch is given up, so a receiver that never reports (a dead
        /// conditioning circuit, a stuck-high input) cannot stall the run.
        /// </summary>
        private bool TimedOut()
        {
            long budget = 2 * ((long)_rounds * _output.PeriodTicks + Esp32DevKitCProfile.RmtReceiveIdleThresholdTicks);
            return _clock.ReadTicks() - _armedAtTicks > budget;
        }

        private static ReceiverChannel Open(int channel, int pin)
        {
            var settings = new ReceiverChannelSettings(channel, pin);
            settings.ClockDivider = Esp32DevKitCProfile.RmtClockDivider;
            settings.NumberOfMemoryBlocks = ReceiveMemoryBlocks;
            settings.BufferSize = Esp32DevKitCProfile.MaxBatchSize + 8;
            settings.IdleThreshold = Esp32DevKitCProfile.RmtReceiveIdleThresholdTicks;
            settings.EnableFilter = true;
            // Pulses shorter than 40 APB cycles (0.5 µs) are glitches: the shortest real pulse is a
            // gate of 1 µs (MinGateWidthTicks = 10).
            settings.FilterThreshold = Esp32DevKitCProfile.RmtReceiveFilterApbCycles;
            // GetAllItems must not block the batch loop.
            settings.ReceiveTimeout = TimeSpan.Zero;
            return new ReceiverChannel(settings);
        }
    }
}
