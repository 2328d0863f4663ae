using QkdEdge.Firmware.Health;
using QkdEdge.Wire.Frames;
using QkdEdge.Wire.Framing;

namespace QkdEdge.Firmware.Run
{
    /// <summary>
    /// Command handling (docs/wire-protocol.md, section 5): every command that arrives intact gets
    /// exactly one Ack; Hello and StatusRequest are answered by an Info or Status frame before the Ack.
    /// A frame too damaged to name a command (COBS, CRC, length) is counted and skipped.
    /// </summary>
    public sealed partial class StationFirmware
    {
        private void PollCommands()
        {
            int count = _link.Read(_received, 0, _received.Length);
            int offset = 0;
            while (offset < count)
            {
                int consumed;
                bool complete = _receiver.TryReadFrame(_received, offset, count - offset, out consumed);
                offset += consumed;
                if (complete)
                    HandleFrame();
            }
        }

        private void HandleFrame()
        {
            FrameType type = _receiver.Type;
            uint sequence = _receiver.Sequence;
            FrameError error = _receiver.Error;
            if (error != FrameError.None)
            {
                _counters.RejectedCommandFrames++;
                // A well-framed command of another version or of a type this version lacks still gets an
                // Ack, so the host learns why nothing happened.
                if (error == FrameError.VersionMismatch && FrameTypes.IsCommand((byte)type))
                    SendAck(type, sequence, AckResult.UnsupportedVersion);
                else if (error == FrameError.UnknownFrameType && FrameTypes.IsCommand((byte)type))
                    SendAck(type, sequence, AckResult.UnknownCommand);
                return;
            }

            ushort addressee = _receiver.StationId;
            if (addressee != _stationId && addressee != WireLimits.BroadcastStationId)
            {
                SendAck(type, sequence, AckResult.WrongStation);
                return;
            }

            AckResult result;
            switch (type)
            {
                case FrameType.Hello:
                    result = HandleHello();
                    break;
                case FrameType.Configure:
                    result = HandleConfigure();
                    break;
                case FrameType.Start:
                    result = HandleStart();
                    break;
                case FrameType.Stop:
                    result = HandleStop();
                    break;
                case FrameType.StatusRequest:
                    result = HandleStatusRequest();
                    break;
                case FrameType.SelfTest:
                    result = HandleSelfTest();
                    break;
                default:
                    result = AckResult.UnknownCommand;
                    break;
            }

            SendAck(type, sequence, result);
        }

        /// <summary>True for the commands without payload; a payload there is a malformed frame (counted).</summary>
        private bool HasEmptyPayload()
        {
            if (_receiver.PayloadLength == 0)
                return true;
            _counters.RejectedCommandFrames++;
            return false;
        }

        private AckResult HandleHello()
        {
            if (!HasEmptyPayload())
                return AckResult.InvalidParameter;
            SendInfo();
            return AckResult.Ok;
        }

        private AckResult HandleConfigure()
        {
            int errorOffset;
            FrameError error = _configure.ReadPayload(_receiver.Frame, _receiver.PayloadOffset, _receiver.PayloadLength, out errorOffset);
            if (error != FrameError.None)
            {
                _counters.RejectedCommandFrames++;
                return AckResult.InvalidParameter;
            }

            // Configure is taken in Idle only (docs/wire-protocol.md, section 5): not while running, and
            // not while halted, where only SelfTest leads back to Idle.
            if (_state != RunState.Idle)
                return AckResult.WrongState;
            if (!RunConfiguration.Fits(_configure, _board))
                return AckResult.InvalidParameter;

            _configuration.Apply(_configure);
            _schedule.SetAlphabet(_configuration.AlphabetSize);
            _settingsOutput.Configure(_configuration.RoundPeriodTicks, _configuration.GateWidthTicks);
            return AckResult.Ok;
        }

        private AckResult HandleStart()
        {
            if (!HasEmptyPayload())
                return AckResult.InvalidParameter;
            if (_state == RunState.Halted)
                return AckResult.RngHalted;
            // An entropy source that may be deterministic right now (e.g. the ESP32's on-chip RNG
            // without its noise source) must not choose settings: refuse like a halted RNG.
            if (!_entropyClaim.QualifiedForRuns)
                return AckResult.RngHalted;
            if (_state == RunState.Running || !_configuration.IsConfigured)
                return AckResult.WrongState;

            _state = RunState.Running;
            ShowState();
            return AckResult.Ok;
        }

        private AckResult HandleStop()
        {
            if (!HasEmptyPayload())
                return AckResult.InvalidParameter;
            if (_state == RunState.Running)
            {
                AbandonBatch();
                _state = RunState.Idle;
                ShowState();
            }

            return AckResult.Ok;
        }

        private AckResult HandleStatusRequest()
        {
            if (!HasEmptyPayload())
                return AckResult.InvalidParameter;
            SendStatus();
            return AckResult.Ok;
        }

        private AckResult HandleSelfTest()
        {
            if (!HasEmptyPayload())
                return AckResult.InvalidParameter;
            if (_state == RunState.Running)
                return AckResult.WrongState;

            _schedule.Discard();
            if (!_monitor.RunStartupTest(_entropy, _entropyScratch))
            {
                _counters.RngAlarms++;
                _state = RunState.Halted;
                ShowState();
                SendAlarm(RngHealthTest.Startup);
                return AckResult.SelfTestFailed;
            }

            _state = RunState.Idle;
            ShowState();
            return AckResult.Ok;
        }

        private void SendAck(FrameType commandType, uint commandSequence, AckResult result)
        {
            _ack.CommandType = commandType;
            _ack.CommandSequence = commandSequence;
            _ack.Result = result;
            _ack.State = _state;
            Send(_writer.WriteAck(_ack, _output, 0));
        }

        private void SendInfo()
        {
            _info.BootId = _bootId;
            _info.Role = _configuration.Role;
            _info.AlphabetSize = _configuration.AlphabetSize;
            _info.BatchSize = _configuration.BatchSize;
            _info.GateWidthTicks = _configuration.GateWidthTicks;
            _info.RoundPeriodTicks = _configuration.RoundPeriodTicks;
            _info.State = _state;
            _info.NextRoundIndex = _counters.RoundsCompleted;
            Send(_writer.WriteInfo(_info, _output, 0));
        }

        private void SendStatus()
        {
            _status.State = _state;
            _status.RoundsCompleted = _counters.RoundsCompleted;
            _status.Batches = _counters.Batches;
            _status.Overruns = _counters.Overruns;
            _status.DroppedBatches = _counters.DroppedBatches;
            _status.RngAlarms = _counters.RngAlarms;
            _status.RejectedCommandFrames = _counters.RejectedCommandFrames;
            _status.CurrentTick = _clock.ReadTicks();
            Send(_writer.WriteStatus(_status, _output, 0));
        }

        private void SendAlarm(RngHealthTest test)
        {
            bool proportion = _monitor.Failure == HealthTestKind.AdaptiveProportion;
            _alarm.Test = test;
            _alarm.Observed = (uint)_monitor.FailedCount;
            _alarm.Cutoff = (uint)(proportion ? _monitor.ProportionCutoff : _monitor.RepetitionCutoff);
            _alarm.WindowSize = proportion ? (uint)_monitor.ProportionWindow : 0;
            _alarm.SamplesTested = _monitor.SamplesTested;
            _alarm.RoundIndex = _counters.RoundsCompleted;
            Send(_writer.WriteRngAlarm(_alarm, _output, 0));
        }

        /// <summary>Replies are best effort: if the link is full the host times out and asks again.</summary>
        private void Send(int length)
        {
            _link.TryWrite(_output, 0, length);
        }
    }
}
