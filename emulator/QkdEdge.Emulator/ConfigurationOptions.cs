using System.CommandLine;
using QkdEdge.Emulator.Configuration;
using QkdEdge.Emulator.Entropy;
using QkdEdge.Emulator.Optics;
using QkdEdge.Emulator.Timing;

namespace QkdEdge.Emulator;

/// <summary>
/// The run-configuration options that run, bench and config share: a configuration file, and
/// overrides of its fields (applied to every station or board where a field is per station). What an
/// option does not set keeps the file's value, or the default without a file.
/// </summary>
internal sealed class ConfigurationOptions
{
    private const double Picoseconds = 1e-12;

    internal Option<FileInfo?> ConfigFile { get; } = new("--config", "-c")
    {
        Description = "Run configuration JSON file (see `qkdedge-emulator config` for the format); options below override its fields.",
        HelpName = "file",
    };

    internal Option<ulong?> Seed { get; } = new("--seed", "-s") { Description = "Run seed: the same seed and commands give the same frames, byte for byte.", HelpName = "n" };

    internal Option<int?> Boards { get; } = new Option<int?>("--boards", "-b")
    {
        Description = "Number of boards (stations) on the shared source: 2 for CHSH links, more for conference keys.",
        HelpName = "n",
    }.Between(1, 8);

    internal Option<string?> Profile { get; } = new("--profile")
    {
        Description = $"Board profile: an id ({string.Join(", ", BoardProfileFile.EmbeddedIds)}) or a profile JSON file.",
        HelpName = "id|file",
    };

    internal Option<string?> Model { get; } = new Option<string?>("--model", "-m")
    {
        Description = "Optics model: honest physics or an adversary.",
        HelpName = "name",
    }.AcceptOnlyFromAmong([.. OpticsModelNames.All]);

    internal Option<string?> State { get; } = new("--state") { Description = "Source state: phi-plus, phi-minus, psi-plus, psi-minus, ghz.", HelpName = "name" };

    internal Option<double?> Visibility { get; } = new Option<double?>("--visibility", "-v") { Description = "Source visibility (white noise mixed in below 1).", HelpName = "0..1" }.Probability();

    internal Option<double?> Efficiency { get; } = new Option<double?>("--efficiency") { Description = "Detection efficiency of every detector.", HelpName = "0..1" }.Probability();

    internal Option<double?> DarkCount { get; } = new Option<double?>("--dark-count") { Description = "Dark-count probability per gate of every detector.", HelpName = "0..1" }.Probability();

    internal Option<double?> FibreKm { get; } = new Option<double?>("--fibre-km") { Description = "Fibre length from the source to every station, km.", HelpName = "km" }.NonNegative();

    internal Option<double?> FibreLoss { get; } = new Option<double?>("--fibre-loss") { Description = "Fibre attenuation, dB/km (default 0.2).", HelpName = "dB/km" }.NonNegative();

    internal Option<double?> HonestFraction { get; } = new Option<double?>("--honest-fraction") { Description = "For the mixture model: fraction of pulses the honest source serves.", HelpName = "0..1" }.Probability();

    internal Option<string?> MixtureAttack { get; } = new Option<string?>("--mixture-attack")
    {
        Description = "For the mixture model: the attack serving the other pulses.",
        HelpName = "name",
    }.AcceptOnlyFromAmong([.. OpticsModelNames.All]);

    internal Option<string?> Entropy { get; } = new Option<string?>("--entropy")
    {
        Description = "Every board's raw noise source (stuck and biased ones make the firmware's health tests halt the board).",
        HelpName = "kind",
    }.AcceptOnlyFromAmong([.. EntropySourceNames.All]);

    internal Option<uint?> PulsePeriodTicks { get; } = new Option<uint?>("--pulse-period-ticks")
    {
        Description = "Source pulse period in board ticks (default: the profile's shortest round period).",
        HelpName = "ticks",
    }.Positive();

    internal Option<SourceStart?> SourceStart { get; } = new("--source-start")
    {
        Description = "When the source starts: once all boards run (deterministic pairing) or once any does.",
        HelpName = "all-boards-running|any-board-running",
        CustomParser = result => Enum.TryParse<SourceStart>(result.Tokens[0].Value.Replace("-", ""), ignoreCase: true, out var start)
            ? start
            : Invalid<SourceStart?>(result, "--source-start takes all-boards-running or any-board-running"),
    };

    internal Option<double?> ClockDriftPpm { get; } = new Option<double?>("--clock-drift-ppm") { Description = "Every board's clock rate error, ppm.", HelpName = "ppm" }.Finite();

    internal Option<double?> TriggerJitterPs { get; } = new Option<double?>("--trigger-jitter-ps") { Description = "RMS jitter of the trigger at each station, ps.", HelpName = "ps" }.NonNegative();

    internal Option<double?> MissedTrigger { get; } = new Option<double?>("--missed-trigger") { Description = "Probability that a station misses a trigger (its round indices fall behind).", HelpName = "0..1" }.Probability();

    internal Option<double?> ClickOffsetPs { get; } = new Option<double?>("--click-offset-ps") { Description = "Mean photon arrival relative to the gate centre, ps.", HelpName = "ps" }.Finite();

    internal Option<double?> ClickJitterPs { get; } = new Option<double?>("--click-jitter-ps") { Description = "RMS jitter of the photon arrival, ps.", HelpName = "ps" }.NonNegative();

    internal Option<int?> BatchSize { get; } = new Option<int?>("--batch-size") { Description = "Rounds per batch when the emulator starts the boards (default: the profile's largest).", HelpName = "n" }.Positive();

    internal Option<uint?> GateWidthTicks { get; } = new Option<uint?>("--gate-width-ticks") { Description = "Gate width when the emulator starts the boards (default: the profile's widest).", HelpName = "ticks" }.Positive();

    public void AddTo(Command command)
    {
        foreach (Option option in (Option[])[ConfigFile, Seed, Boards, Profile, Model, State, Visibility, Efficiency, DarkCount, FibreKm, FibreLoss,
                     HonestFraction, MixtureAttack, Entropy, PulsePeriodTicks, SourceStart, ClockDriftPpm, TriggerJitterPs, MissedTrigger,
                     ClickOffsetPs, ClickJitterPs, BatchSize, GateWidthTicks])
            command.Add(option);
    }

    /// <summary>The configuration file (or the defaults) with the options given on the command line applied.</summary>
    public EmulatorConfiguration Build(ParseResult parse, bool? autostart = null)
    {
        FileInfo? file = parse.GetValue(ConfigFile);
        var baseline = file is null ? new EmulatorConfiguration() : ConfigurationJson.Read(file.FullName);

        int boards = parse.GetValue(Boards) ?? baseline.Boards.Length;
        var optics = BuildOptics(parse, baseline.Optics, boards);
        var boardOptions = new BoardOptions[boards];
        for (int i = 0; i < boards; i++)
            boardOptions[i] = BuildBoard(parse, i < baseline.Boards.Length ? baseline.Boards[i] : new BoardOptions());

        var source = baseline.Source ?? new SourceOptions();
        var start = baseline.Autostart ?? new AutostartOptions();
        return new EmulatorConfiguration
        {
            Seed = parse.GetValue(Seed) ?? baseline.Seed,
            BoardProfile = parse.GetValue(Profile) ?? baseline.BoardProfile,
            Boards = boardOptions,
            Optics = optics,
            Source = new SourceOptions
            {
                PulsePeriodTicks = parse.GetValue(PulsePeriodTicks) ?? source.PulsePeriodTicks,
                StartWhen = parse.GetValue(SourceStart) ?? source.StartWhen,
            },
            Autostart = new AutostartOptions
            {
                Enabled = autostart ?? start.Enabled,
                BatchSize = parse.GetValue(BatchSize) ?? start.BatchSize,
                GateWidthTicks = parse.GetValue(GateWidthTicks) ?? start.GateWidthTicks,
            },
        };
    }

    private OpticsOptions BuildOptics(ParseResult parse, OpticsOptions baseline, int boards)
    {
        double? efficiency = parse.GetValue(Efficiency);
        double? darkCount = parse.GetValue(DarkCount);
        double? fibreKm = parse.GetValue(FibreKm);
        double? fibreLoss = parse.GetValue(FibreLoss);
        bool perStation = efficiency is not null || darkCount is not null || fibreKm is not null || fibreLoss is not null;
        StationOpticsOptions?[]? stations = baseline.StationOptics;
        if (stations is not null && stations.Length != boards)
        {
            // A board count that differs from the file's drops its per-station optics unless they are overridden here.
            stations = null;
        }

        if (perStation)
        {
            var updated = new StationOpticsOptions?[boards];
            for (int s = 0; s < boards; s++)
            {
                var current = stations?[s] ?? new StationOpticsOptions();
                updated[s] = new StationOpticsOptions
                {
                    DirectionsDegrees = current.DirectionsDegrees,
                    Detector0Efficiency = efficiency ?? current.Detector0Efficiency,
                    Detector1Efficiency = efficiency ?? current.Detector1Efficiency,
                    Detector0DarkCountProbability = darkCount ?? current.Detector0DarkCountProbability,
                    Detector1DarkCountProbability = darkCount ?? current.Detector1DarkCountProbability,
                    FibreLengthKm = fibreKm ?? current.FibreLengthKm,
                    FibreLossDbPerKm = fibreLoss ?? current.FibreLossDbPerKm,
                    NoClickBit = current.NoClickBit,
                    DoubleClickBit = current.DoubleClickBit,
                };
            }
            stations = updated;
        }

        string state = parse.GetValue(State) ?? baseline.State;
        if (boards > 2 && parse.GetValue(State) is null && parse.GetValue(ConfigFile) is null)
            state = Optics.Quantum.QuantumStates.Ghz; // more than two stations share a GHZ state unless told otherwise
        return new OpticsOptions
        {
            Model = parse.GetValue(Model) ?? baseline.Model,
            State = state,
            Stations = boards,
            Visibility = parse.GetValue(Visibility) ?? baseline.Visibility,
            StationOptics = stations,
            HonestFraction = parse.GetValue(HonestFraction) ?? baseline.HonestFraction,
            MixtureAttack = parse.GetValue(MixtureAttack) ?? baseline.MixtureAttack,
        };
    }

    private BoardOptions BuildBoard(ParseResult parse, BoardOptions baseline)
    {
        var timing = baseline.Timing ?? new StationTimingOptions();
        var entropy = baseline.Entropy ?? new EntropySourceOptions();
        return new BoardOptions
        {
            Name = baseline.Name,
            StationId = baseline.StationId,
            Role = baseline.Role,
            AlphabetSize = baseline.AlphabetSize,
            Entropy = parse.GetValue(Entropy) is { } kind
                ? new EntropySourceOptions { Kind = kind, OnesProbability = entropy.OnesProbability, StuckValue = entropy.StuckValue, StuckAfterBytes = entropy.StuckAfterBytes }
                : entropy,
            Timing = new StationTimingOptions
            {
                TickFrequencyHz = timing.TickFrequencyHz,
                ClockOffsetSeconds = timing.ClockOffsetSeconds,
                ClockDriftPpm = parse.GetValue(ClockDriftPpm) ?? timing.ClockDriftPpm,
                TriggerJitterRmsSeconds = parse.GetValue(TriggerJitterPs) * Picoseconds ?? timing.TriggerJitterRmsSeconds,
                MissedTriggerProbability = parse.GetValue(MissedTrigger) ?? timing.MissedTriggerProbability,
                ClickOffsetSeconds = parse.GetValue(ClickOffsetPs) * Picoseconds ?? timing.ClickOffsetSeconds,
                ClickJitterRmsSeconds = parse.GetValue(ClickJitterPs) * Picoseconds ?? timing.ClickJitterRmsSeconds,
                GateWidthSeconds = timing.GateWidthSeconds,
            },
        };
    }

    private static T Invalid<T>(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}
