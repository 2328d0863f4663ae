using System.Device.Gpio;
using QkdEdge.Emulator.Configuration;
using QkdEdge.Firmware.Hardware;

namespace QkdEdge.Emulator.Peripherals;

/// <summary>
/// The board's slow GPIO lines as the emulator builds them: the platform layer's part on the real
/// board (construct the controller, hand it to the core's <see cref="StatusLines"/>), here over an
/// <see cref="EmulatedGpioDriver"/>, so the emulation and tests can read the detector-enable line and
/// the LEDs the firmware drives.
/// </summary>
public sealed class EmulatedStatusLines : IDisposable
{
    private readonly GpioController _controller;
    private readonly BoardPins _pins;

    public EmulatedStatusLines(BoardPins pins)
    {
        ArgumentNullException.ThrowIfNull(pins);
        _pins = pins;
        Driver = new EmulatedGpioDriver();
        _controller = new GpioController(Driver);
        Lines = new StatusLines(_controller, pins.DetectorEnableOut, pins.RunningLed, pins.AlarmLed);
    }

    public EmulatedGpioDriver Driver { get; }

    /// <summary>What the firmware core drives.</summary>
    public StatusLines Lines { get; }

    /// <summary>The detector-enable output: detectors produce no clicks while it is low.</summary>
    public bool DetectorsEnabled => Driver.IsHigh(_pins.DetectorEnableOut);

    public bool RunningLed => Driver.IsHigh(_pins.RunningLed);

    public bool AlarmLed => Driver.IsHigh(_pins.AlarmLed);

    public void Dispose() => _controller.Dispose();
}
