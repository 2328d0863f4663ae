using QkdEdge.Firmware.Board;

namespace QkdEdge.Emulator.Configuration;

/// <summary>
/// What the emulator takes from a machine-readable board profile (hardware/boards/*.json): the core's
/// <see cref="BoardProfile"/> (tick clock and limits), the pins of the slow GPIO lines, the serial
/// link's line rate and the entropy source's claimed min-entropy, which sets the firmware's health-test
/// cutoffs.
/// </summary>
public sealed record BoardDescription(
    BoardProfile Profile,
    string Name,
    BoardPins Pins,
    int Baud,
    int WireBitsPerByte,
    double ClaimedMinEntropyPerSample);
