using QkdEdge.Firmware.Hardware;
using QkdEdge.Firmware.Health;
using QkdEdge.Wire.Frames;
using QkdEdge.Wire.Packing;

namespace QkdEdge.Firmware.Run
{
    /// <summary>The per-batch path: no allocation, no exceptions, bounded work per step.</summary>
    public sealed partial class StationFirmware
    {
        private void AdvanceBatch()
        {
            if (!_batchInFlight)
            {
                StartBatch();
                return;
            }

            CaptureStatus status = _clickCapture.TryCollect(_clicks, _timeTags, _batchSize);
            if (status == CaptureStatus.Pending)
                return;

            if (status == CaptureStatus.Complete && _tally.Tally(_clicks, _batchSize))
            {
                if (!SendRounds())
                    _counters.DroppedBatches++;
            }
            else
            {
                // Overrun, or click patterns the capture should never produce: the rounds are lost.
                _counters.Overruns++;
            }

            FinishBatch();
        }

        /// <summary>Draws the batch's settings, packs them and starts the peripherals on them.</summary>
        private void StartBatch()
        {
            int count = _configuration.BatchSize;
            if (!_schedule.TryDraw(_settings, count))
            {
                RaiseContinuousHealthAlarm();
                return;
            }

            int alphabet = _configuration.AlphabetSize;
            SettingsPacking.Pack(_settings, 0, count, alphabet, _packedSettings, 0);
            _batchFirstRound = _counters.RoundsCompleted;
            _batchSize = count;
            // The capture is armed first: on the board, loading the settings starts the round clock.
            _clickCapture.Arm(_batchFirstRound, count);
            _settingsOutput.Load(_batchFirstRound, _packedSettings, alphabet, count);
            _batchInFlight = true;
        }

        /// <summary>Sends the batch as one or more Rounds frames; false if the link refused one of them.</summary>
        private bool SendRounds()
        {
            int alphabet = _configuration.AlphabetSize;
            uint period = _configuration.RoundPeriodTicks;
            int start = 0;
            while (start < _batchSize)
            {
                int written;
                int length = _writer.WriteRounds(_batchFirstRound + start, alphabet, period,
                    _settings, _clicks, _timeTags, start, _batchSize - start, _output, 0, out written);
                if (!_link.TryWrite(_output, 0, length))
                    return false;
                start += written;
            }

            return true;
        }

        private void FinishBatch()
        {
            _counters.Batches++;
            _counters.RoundsCompleted += _batchSize;
            _batchInFlight = false;
        }

        /// <summary>A Stop while a batch is in flight: its round indices are used up, never reused.</summary>
        private void AbandonBatch()
        {
            if (!_batchInFlight)
                return;
            _counters.AbandonedBatches++;
            _counters.RoundsCompleted += _batchSize;
            _batchInFlight = false;
        }

        /// <summary>A continuous health test failed while drawing settings: halt and tell the host.</summary>
        private void RaiseContinuousHealthAlarm()
        {
            _schedule.Discard();
            _counters.RngAlarms++;
            _state = RunState.Halted;
            ShowState();
            SendAlarm(_monitor.Failure == HealthTestKind.AdaptiveProportion
                ? RngHealthTest.AdaptiveProportion
                : RngHealthTest.RepetitionCount);
        }
    }
}
