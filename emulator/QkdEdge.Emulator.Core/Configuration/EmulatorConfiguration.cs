using QkdEdge.Emulator.Optics;

namespace QkdEdge.Emulator.Configuration;

/// <summary>
/// Everything a run depends on: the boards, the shared optics and source, the board profile and one
/// seed. Two runs with equal configurations give the same frames, byte for byte, whenever the boards
/// receive the same commands (see <see cref="SourceStart"/>). Read from JSON by
/// <see cref="ConfigurationJson"/>; checked by <see cref="ConfigurationValidator"/>.
/// </summary>
public sealed class EmulatorConfiguration
{
    /// <summary>The run seed; every random part (entropy sources, optics, timing) derives its own stream from it.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>An embedded board profile id (see <see cref="BoardProfileFile.EmbeddedIds"/>) or a profile file path.</summary>
    public string BoardProfile { get; init; } = BoardProfileFile.DefaultId;

    /// <summary>The boards, one per station of the optics model, in station order.</summary>
    public BoardOptions[] Boards { get; init; } = [new(), new()];

    /// <summary>The optics model shared by the boards; its station count must equal the number of boards.</summary>
    public OpticsOptions Optics { get; init; } = new();

    public SourceOptions Source { get; init; } = new();

    public AutostartOptions Autostart { get; init; } = new();

    /// <summary>Conventional names for the first stations; later ones are station3, station4, ...</summary>
    public static string DefaultBoardName(int index) => index switch
    {
        0 => "alice",
        1 => "bob",
        _ => $"station{index + 1}",
    };

    /// <summary>The name board <paramref name="index"/> runs under.</summary>
    public string BoardName(int index) => Boards[index].Name ?? DefaultBoardName(index);

    /// <summary>The station id board <paramref name="index"/> runs under.</summary>
    public ushort StationId(int index) => Boards[index].StationId ?? (ushort)(index + 1);
}
