using System.Device.Gpio;

namespace QkdEdge.Emulator.Peripherals;

/// <summary>
/// A desktop <see cref="GpioDriver"/> for an emulated board: it keeps each pin's mode and level in
/// memory, so the firmware core's <see cref="GpioController"/> calls (through <c>StatusLines</c>) run
/// unchanged and the emulator and tests can see what the board drives. Output pins read back what was
/// written; input pins read the level the emulation applies with <see cref="SetInput"/>.
/// </summary>
/// <remarks>
/// Pin numbers are logical ESP32 GPIO numbers (0..39 on the ESP32-D0WD). Events are not emulated: the
/// firmware polls its slow lines and takes fast signals from its peripherals, never from pin interrupts.
/// </remarks>
public sealed class EmulatedGpioDriver : GpioDriver
{
    /// <summary>GPIO count of the ESP32: GPIO0 to GPIO39.</summary>
    public const int Esp32PinCount = 40;

    /// <summary>The ESP32's GPIO34 to GPIO39 are input-only (ESP32 datasheet, section "GPIO and RTC GPIO").</summary>
    public const int Esp32FirstInputOnlyPin = 34;

    private readonly PinMode?[] _modes;
    private readonly bool[] _levels;
    private readonly int _firstInputOnlyPin;

    /// <param name="pinCount">Pins 0..pinCount-1 exist.</param>
    /// <param name="firstInputOnlyPin">Pins from this one up cannot be outputs.</param>
    public EmulatedGpioDriver(int pinCount = Esp32PinCount, int firstInputOnlyPin = Esp32FirstInputOnlyPin)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pinCount);
        ArgumentOutOfRangeException.ThrowIfNegative(firstInputOnlyPin);
        _modes = new PinMode?[pinCount];
        _levels = new bool[pinCount];
        _firstInputOnlyPin = firstInputOnlyPin;
    }

    protected override int PinCount => _modes.Length;

    /// <summary>True if <paramref name="pin"/> is open (through the controller).</summary>
    public bool IsOpen(int pin) => _modes[Check(pin)] is not null;

    /// <summary>The level on <paramref name="pin"/>: what the board drives on an output, or what the emulation applies to an input.</summary>
    public bool IsHigh(int pin) => _levels[Check(pin)];

    /// <summary>Applies a level to an input pin from outside the board (a trigger line, a test).</summary>
    public void SetInput(int pin, bool high)
    {
        if (_modes[Check(pin)] is PinMode.Output)
            throw new InvalidOperationException($"Pin {pin} is an output; the board drives it.");
        _levels[pin] = high;
    }

    protected override void OpenPin(int pinNumber)
    {
        Check(pinNumber);
        _modes[pinNumber] = PinMode.Input;
    }

    protected override void ClosePin(int pinNumber)
    {
        Check(pinNumber);
        _modes[pinNumber] = null;
        _levels[pinNumber] = false;
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        if (!IsPinModeSupported(pinNumber, mode))
            throw new InvalidOperationException($"Pin {pinNumber} does not support mode {mode}.");
        _modes[pinNumber] = mode;
    }

    protected override PinMode GetPinMode(int pinNumber) =>
        _modes[Check(pinNumber)] ?? throw new InvalidOperationException($"Pin {pinNumber} is not open.");

    /// <summary>Inputs and outputs only (the slow lines need no pull resistors); input-only pins cannot drive.</summary>
    protected override bool IsPinModeSupported(int pinNumber, PinMode mode)
    {
        Check(pinNumber);
        return mode switch
        {
            PinMode.Input => true,
            PinMode.Output => pinNumber < _firstInputOnlyPin,
            _ => false,
        };
    }

    protected override PinValue Read(int pinNumber) => _levels[Check(pinNumber)] ? PinValue.High : PinValue.Low;

    protected override void Write(int pinNumber, PinValue value)
    {
        if (_modes[Check(pinNumber)] is not PinMode.Output)
            throw new InvalidOperationException($"Pin {pinNumber} is not an output.");
        _levels[pinNumber] = value == PinValue.High;
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The emulated board has no pin interrupts; its fast signals go through its peripherals.");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        throw new NotSupportedException("The emulated board has no pin interrupts; its fast signals go through its peripherals.");

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        throw new NotSupportedException("The emulated board has no pin interrupts; its fast signals go through its peripherals.");

    private int Check(int pin)
    {
        if ((uint)pin >= (uint)_modes.Length)
            throw new ArgumentOutOfRangeException(nameof(pin), pin, $"The board has GPIO 0..{_modes.Length - 1}.");
        return pin;
    }
}
