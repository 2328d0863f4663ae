using QkdEdge.Emulator.Optics;

namespace QkdEdge.Emulator.Configuration;

/// <summary>
/// A run configuration checked against its board profile, with every default resolved: what the
/// harness builds from. Create it with <see cref="Create"/>, which throws
/// <see cref="ConfigurationException"/> listing every problem at once.
/// </summary>
public sealed class RunPlan
{
    internal RunPlan(EmulatorConfiguration configuration, BoardDescription board, uint pulsePeriodTicks,
        int batchSize, uint gateWidthTicks, int[] opticsAlphabets)
    {
        Configuration = configuration;
        Board = board;
        PulsePeriodTicks = pulsePeriodTicks;
        BatchSize = batchSize;
        GateWidthTicks = gateWidthTicks;
        OpticsAlphabets = opticsAlphabets;
    }

    public EmulatorConfiguration Configuration { get; }

    public BoardDescription Board { get; }

    /// <summary>Source pulse period in board ticks.</summary>
    public uint PulsePeriodTicks { get; }

    /// <summary>Source pulse period in seconds.</summary>
    public double PulsePeriodSeconds => (double)PulsePeriodTicks / Board.Profile.TickFrequencyHz;

    /// <summary>Batch size the emulator configures when it starts the boards itself.</summary>
    public int BatchSize { get; }

    /// <summary>Gate width the emulator configures when it starts the boards itself.</summary>
    public uint GateWidthTicks { get; }

    /// <summary>Number of settings the optics model gives each station.</summary>
    public IReadOnlyList<int> OpticsAlphabets { get; }

    public int BoardCount => Configuration.Boards.Length;

    /// <summary>Alphabet board <paramref name="index"/> is configured with when the emulator starts it.</summary>
    public int AlphabetSize(int index) => Configuration.Boards[index].AlphabetSize ?? OpticsAlphabets[index];

    /// <summary>Loads the configuration's board profile and checks the configuration against it.</summary>
    public static RunPlan Create(EmulatorConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrWhiteSpace(configuration.BoardProfile))
            throw new ConfigurationException(
                $"boardProfile: missing; name an embedded profile ({string.Join(", ", BoardProfileFile.EmbeddedIds)}) or a profile file.");
        return ConfigurationValidator.Validate(configuration, BoardProfileFile.Load(configuration.BoardProfile));
    }

    /// <summary>Checks the configuration against an already loaded board profile.</summary>
    public static RunPlan Create(EmulatorConfiguration configuration, BoardDescription board) =>
        ConfigurationValidator.Validate(configuration, board);

    /// <summary>The optics model's settings per station, as the model sees them.</summary>
    internal static int[] AlphabetsOf(OpticsOptions optics)
    {
        var alphabets = new int[optics.Stations];
        for (int station = 0; station < alphabets.Length; station++)
            alphabets[station] = optics.Station(station).ToBases(station, optics.Stations).Length;
        return alphabets;
    }
}
