using System.Device.Gpio;

namespace QkdEdge.Firmware.Tests.Fakes;

/// <summary>A desktop GPIO driver that remembers pin modes and levels, so the controller can run without hardware.</summary>
internal sealed class RecordingGpioDriver : GpioDriver
{
    public Dictionary<int, PinMode> Modes { get; } = new();

    public Dictionary<int, PinValue> Levels { get; } = new();

    protected override int PinCount => 40;

    protected override void OpenPin(int pinNumber) => Levels[pinNumber] = PinValue.Low;

    protected override void ClosePin(int pinNumber) => Modes.Remove(pinNumber);

    protected override void SetPinMode(int pinNumber, PinMode mode) => Modes[pinNumber] = mode;

    protected override PinMode GetPinMode(int pinNumber) => Modes[pinNumber];

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    protected override PinValue Read(int pinNumber) => Levels[pinNumber];

    protected override void Write(int pinNumber, PinValue value) => Levels[pinNumber] = value;

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        new() { TimedOut = true };

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
    }
}
