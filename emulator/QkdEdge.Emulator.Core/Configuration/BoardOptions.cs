using QkdEdge.Emulator.Entropy;
using QkdEdge.Emulator.Timing;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Emulator.Configuration;

/// <summary>One emulated board (one station) of a run configuration.</summary>
public sealed class BoardOptions
{
    /// <summary>Name printed with the board's serial port (<c>board alice /dev/pts/7</c>); no spaces.</summary>
    public string? Name { get; init; }

    /// <summary>Station id in the board's frame headers; null takes the board's position plus one.</summary>
    public ushort? StationId { get; init; }

    /// <summary>Role the emulator configures when it starts the board itself; null: Alice for the first board, Bob otherwise.</summary>
    public StationRole? Role { get; init; }

    /// <summary>Alphabet the emulator configures when it starts the board itself; null takes the optics model's for this station.</summary>
    public int? AlphabetSize { get; init; }

    /// <summary>The board's raw noise source (seeded by default; biased, stuck or predictable to test the firmware's defences).</summary>
    public EntropySourceOptions Entropy { get; init; } = new();

    /// <summary>
    /// The station's clock and trigger imperfections. The tick rate comes from the board profile and the
    /// gate width from the host's Configure command, so those two fields must stay unset here.
    /// </summary>
    public StationTimingOptions Timing { get; init; } = new();
}
