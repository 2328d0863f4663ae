using QkdEdge.Emulator.Entropy;
using QkdEdge.Emulator.Optics;
using QkdEdge.Emulator.Timing;
using QkdEdge.Firmware.Board;
using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Emulator.Configuration;

/// <summary>
/// Checks a run configuration against its board profile before anything boots, and collects every
/// problem with the field that causes it, so a user fixes a configuration in one go.
/// </summary>
internal static class ConfigurationValidator
{
    /// <summary>More stations than this exceed the optics model's state space (and any lab we know).</summary>
    private const int MaxBoards = 8;

    public static RunPlan Validate(EmulatorConfiguration configuration, BoardDescription board)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(board);
        var errors = new List<string>();
        BoardProfile profile = board.Profile;
        var boards = configuration.Boards ?? [];

        if (boards.Length is < 1 or > MaxBoards)
            errors.Add($"boards: between 1 and {MaxBoards} boards are needed, not {boards.Length}.");
        if (configuration.Optics is null)
            errors.Add("optics: missing.");
        else if (configuration.Optics.Stations != boards.Length)
            errors.Add($"optics.stations is {configuration.Optics.Stations} but {boards.Length} boards are configured; every station needs one board.");
        if (errors.Count > 0)
            throw Failure(errors);

        int[] alphabets = CheckOptics(configuration, errors);
        CheckBoards(configuration, profile, alphabets, errors);

        uint period = configuration.Source?.PulsePeriodTicks ?? profile.MinRoundPeriodTicks;
        if (period < profile.MinRoundPeriodTicks || period > profile.MaxRoundPeriodTicks)
            errors.Add($"source.pulsePeriodTicks: {period} is outside the board's round periods {profile.MinRoundPeriodTicks}..{profile.MaxRoundPeriodTicks} ticks.");
        if (configuration.Source is not null && !Enum.IsDefined(configuration.Source.StartWhen))
            errors.Add($"source.startWhen: {configuration.Source.StartWhen} is not one of {string.Join(", ", Enum.GetNames<SourceStart>())}.");

        var autostart = configuration.Autostart ?? new AutostartOptions();
        int batch = autostart.BatchSize ?? profile.MaxBatchSize;
        if (batch < 1 || batch > profile.MaxBatchSize)
            errors.Add($"autostart.batchSize: {batch} is outside 1..{profile.MaxBatchSize} (the board's largest batch).");
        uint gate = autostart.GateWidthTicks ?? profile.MaxGateWidthTicks;
        if (gate < profile.MinGateWidthTicks || gate > profile.MaxGateWidthTicks)
            errors.Add($"autostart.gateWidthTicks: {gate} is outside the board's gate widths {profile.MinGateWidthTicks}..{profile.MaxGateWidthTicks} ticks.");
        else if (gate >= period)
            errors.Add($"autostart.gateWidthTicks: {gate} must be shorter than the pulse period of {period} ticks.");

        if (errors.Count > 0)
            throw Failure(errors);
        return new RunPlan(configuration, board, period, batch, gate, alphabets);
    }

    private static int[] CheckOptics(EmulatorConfiguration configuration, List<string> errors)
    {
        var optics = configuration.Optics;
        // The model reports a null name as an argument named 'name'; the configuration's field is what to fix.
        int before = errors.Count;
        foreach (var (field, value) in new[] { ("model", optics.Model), ("state", optics.State), ("mixtureAttack", optics.MixtureAttack) })
        {
            if (value is null)
                errors.Add($"optics.{field}: missing (null); leave the field out for its default.");
        }

        if (errors.Count > before)
            return new int[configuration.Boards.Length];
        try
        {
            // Building the model once checks names, probabilities, directions and layouts exactly as a run will.
            OpticsModelFactory.Create(optics, configuration.Seed);
            return RunPlan.AlphabetsOf(optics);
        }
        catch (ArgumentException ex)
        {
            errors.Add($"optics: {ex.Message}");
            return new int[configuration.Boards.Length];
        }
    }

    private static void CheckBoards(EmulatorConfiguration configuration, BoardProfile profile, int[] opticsAlphabets, List<string> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var ids = new HashSet<ushort>();
        var idealTiming = new StationTimingOptions();
        for (int index = 0; index < configuration.Boards.Length; index++)
        {
            var options = configuration.Boards[index];
            string field = $"boards[{index}]";
            if (options is null)
            {
                errors.Add($"{field}: missing.");
                continue;
            }

            string name = configuration.BoardName(index);
            if (name.Length == 0 || name.Any(char.IsWhiteSpace) || name.Any(char.IsControl))
                errors.Add($"{field}.name: '{name}' must be non-empty without spaces (it is printed as one word).");
            else if (!names.Add(name))
                errors.Add($"{field}.name: '{name}' is used by another board.");

            ushort id = configuration.StationId(index);
            if (id == WireLimits.BroadcastStationId)
                errors.Add($"{field}.stationId: {id} is the broadcast id and cannot name a board.");
            else if (!ids.Add(id))
                errors.Add($"{field}.stationId: {id} is used by another board.");

            if (options.Role is { } role && role is not (StationRole.Alice or StationRole.Bob))
                errors.Add($"{field}.role: '{role}' is not alice or bob.");

            int optics = opticsAlphabets[index];
            if (optics > profile.MaxAlphabetSize)
                errors.Add($"optics: station {index} has {optics} settings but the board's setting lines express at most {profile.MaxAlphabetSize}.");
            int alphabet = options.AlphabetSize ?? optics;
            if (optics != 0 && (alphabet < 2 || alphabet > Math.Min(optics, profile.MaxAlphabetSize)))
                errors.Add($"{field}.alphabetSize: {alphabet} is outside 2..{Math.Min(optics, profile.MaxAlphabetSize)} (the optics model's settings for this station, within the board's limit).");

            try
            {
                EntropySourceFactory.Create(options.Entropy ?? new EntropySourceOptions(), configuration.Seed);
            }
            catch (ArgumentException ex)
            {
                errors.Add($"{field}.entropy: {ex.Message}");
            }

            CheckTiming(options.Timing ?? idealTiming, idealTiming, field + ".timing", errors);
        }
    }

    private static void CheckTiming(StationTimingOptions timing, StationTimingOptions ideal, string field, List<string> errors)
    {
        if (timing.TickFrequencyHz != ideal.TickFrequencyHz)
            errors.Add($"{field}.tickFrequencyHz: the tick rate comes from the board profile; remove this field.");
        if (timing.GateWidthSeconds != ideal.GateWidthSeconds)
            errors.Add($"{field}.gateWidthSeconds: the gate width comes from the Configure command (gate width ticks); remove this field.");
        if (!(timing.MissedTriggerProbability >= 0 && timing.MissedTriggerProbability < 1))
            errors.Add($"{field}.missedTriggerProbability: {timing.MissedTriggerProbability} must lie in [0, 1) (at 1 the station never runs a round).");
        if (!(timing.ClockDriftPpm > -1e6) || double.IsInfinity(timing.ClockDriftPpm))
            errors.Add($"{field}.clockDriftPpm: {timing.ClockDriftPpm} is not a clock rate error (a clock cannot stop or run backwards).");
        if (!(timing.ClockOffsetSeconds >= 0) || double.IsInfinity(timing.ClockOffsetSeconds))
            errors.Add($"{field}.clockOffsetSeconds: {timing.ClockOffsetSeconds} must be finite and non-negative (the board boots before the first pulse).");
        if (!(timing.TriggerJitterRmsSeconds >= 0) || double.IsInfinity(timing.TriggerJitterRmsSeconds))
            errors.Add($"{field}.triggerJitterRmsSeconds: {timing.TriggerJitterRmsSeconds} must be finite and non-negative.");
        if (!(timing.ClickJitterRmsSeconds >= 0) || double.IsInfinity(timing.ClickJitterRmsSeconds))
            errors.Add($"{field}.clickJitterRmsSeconds: {timing.ClickJitterRmsSeconds} must be finite and non-negative.");
        if (double.IsNaN(timing.ClickOffsetSeconds) || double.IsInfinity(timing.ClickOffsetSeconds))
            errors.Add($"{field}.clickOffsetSeconds: {timing.ClickOffsetSeconds} must be finite.");
    }

    private static ConfigurationException Failure(List<string> errors) =>
        new("The run configuration cannot run:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)));
}
