using System;
using System.Device.Gpio;

namespace QkdEdge.Firmware.Hardware
{
    /// <summary>
    /// The slow GPIO lines: the detector-enable output and the two status LEDs. They change only when
    /// the run state changes, never per batch. The platform layer constructs the
    /// <see cref="GpioController"/> (sealed and native on nanoFramework, driver-backed on desktop) and
    /// this class calls only members that exist on both: OpenPin(int, PinMode) and Write(int, PinValue).
    /// </summary>
    public sealed class StatusLines
    {
        private readonly GpioController _controller;
        private readonly int _detectorEnablePin;
        private readonly int _runningLedPin;
        private readonly int _alarmLedPin;

        /// <summary>Opens the three pins as outputs, all low (detectors disabled, LEDs off).</summary>
        public StatusLines(GpioController controller, int detectorEnablePin, int runningLedPin, int alarmLedPin)
        {
            if (controller == null)
                throw new ArgumentNullException("controller");
            _controller = controller;
            _detectorEnablePin = detectorEnablePin;
            _runningLedPin = runningLedPin;
            _alarmLedPin = alarmLedPin;
            Open(detectorEnablePin);
            Open(runningLedPin);
            Open(alarmLedPin);
        }

        /// <summary>Idle: detectors disabled, both LEDs off.</summary>
        public void ShowIdle()
        {
            Set(false, false, false);
        }

        /// <summary>Running: detectors enabled, running LED on.</summary>
        public void ShowRunning()
        {
            Set(true, true, false);
        }

        /// <summary>Halted by an RNG alarm: detectors disabled, alarm LED on.</summary>
        public void ShowAlarm()
        {
            Set(false, false, true);
        }

        private void Open(int pin)
        {
            _controller.OpenPin(pin, PinMode.Output);
            _controller.Write(pin, PinValue.Low);
        }

        private void Set(bool detectorsEnabled, bool running, bool alarm)
        {
            _controller.Write(_detectorEnablePin, detectorsEnabled ? PinValue.High : PinValue.Low);
            _controller.Write(_runningLedPin, running ? PinValue.High : PinValue.Low);
            _controller.Write(_alarmLedPin, alarm ? PinValue.High : PinValue.Low);
        }
    }
}
