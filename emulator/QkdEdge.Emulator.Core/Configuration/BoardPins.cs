namespace QkdEdge.Emulator.Configuration;

/// <summary>
/// The pins of a board profile the emulator wires up (ESP32 GPIO numbers from the profile's "pins"
/// section). Only the slow lines go through the emulated GPIO controller; setting outputs, gate and
/// click inputs are served by the emulated peripherals, as RMT channels serve them on the board.
/// </summary>
public sealed record BoardPins(
    int GateOut,
    IReadOnlyList<int> SettingOut,
    IReadOnlyList<int> ClickIn,
    int TriggerIn,
    int DetectorEnableOut,
    int RunningLed,
    int AlarmLed);
