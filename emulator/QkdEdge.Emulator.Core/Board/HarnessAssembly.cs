using QkdEdge.Emulator.Clock;
using QkdEdge.Emulator.Configuration;
using QkdEdge.Emulator.Entropy;
using QkdEdge.Emulator.Links;
using QkdEdge.Emulator.Optics;
using QkdEdge.Emulator.Peripherals;
using QkdEdge.Emulator.Randomness;
using QkdEdge.Firmware.Run;
using QkdEdge.Wire.Frames;
using QkdEdge.Wire.Framing;

namespace QkdEdge.Emulator.Board;

/// <summary>
/// Wires a run plan into boards: the platform layer of each emulated board (what the nanoFramework
/// app's Program does on the real one) plus the shared source. Every random part gets its own stream
/// derived from the run seed, so adding a board or a fault to a configuration leaves the other
/// streams as they were.
/// </summary>
internal static class HarnessAssembly
{
    // Stream numbers for SplitMix64.DeriveSeed; fixed so that a seed keeps meaning the same run.
    private const ulong OpticsStream = 1;
    private const ulong EntropyStreamBase = 0x100;
    private const ulong TimingStreamBase = 0x200;
    private const ulong DarkCountStreamBase = 0x300;

    public static BoardHarness Build(RunPlan plan, HarnessOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var configuration = plan.Configuration;
        ulong seed = configuration.Seed;
        var profile = plan.Board.Profile;
        var clock = new VirtualClock();
        var claim = new EntropySourceClaim(plan.Board.ClaimedMinEntropyPerSample, qualifiedForRuns: true);

        var boards = new EmulatedBoard[plan.BoardCount];
        var frontEnds = new StationFrontEnd[plan.BoardCount];
        try
        {
            for (int index = 0; index < boards.Length; index++)
            {
                var boardOptions = configuration.Boards[index];
                var timing = boardOptions.Timing ?? new Timing.StationTimingOptions();
                var stationOptics = configuration.Optics.Station(index);
                var statusLines = new EmulatedStatusLines(plan.Board.Pins);
                var groundTruth = options.RecordGroundTruth ? new StationGroundTruth() : null;
                var frontEnd = new StationFrontEnd(new StationFrontEndSetup(
                    index, profile.MaxBatchSize, plan.OpticsAlphabets[index], profile.TickFrequencyHz, plan.PulsePeriodSeconds,
                    timing, stationOptics.Detector0DarkCountProbability, stationOptics.Detector1DarkCountProbability,
                    SplitMix64.DeriveSeed(seed, TimingStreamBase + (ulong)index),
                    SplitMix64.DeriveSeed(seed, DarkCountStreamBase + (ulong)index),
                    statusLines, groundTruth));
                var boardClock = BoardClock.For(clock, profile.TickFrequencyHz, timing);
                var entropy = EntropySourceFactory.Create(boardOptions.Entropy ?? new EntropySourceOptions(),
                    SplitMix64.DeriveSeed(seed, EntropyStreamBase + (ulong)index));
                EmulatedLink link = options.Links(index);
                ushort stationId = configuration.StationId(index);
                var hardware = new StationHardware(boardClock, entropy, frontEnd, frontEnd, link.BoardEnd, statusLines.Lines);
                var firmware = new StationFirmware(profile, stationId, hardware, claim);
                boards[index] = new EmulatedBoard(configuration.BoardName(index), stationId, index, firmware, frontEnd,
                    boardClock, statusLines, link, groundTruth);
                frontEnds[index] = frontEnd;
                if (configuration.Autostart?.Enabled == true)
                    link.BoardEnd.Inject(AutostartCommands(plan, index, stationId));
            }
        }
        catch
        {
            foreach (var board in boards)
                board?.Dispose();
            throw;
        }

        var optics = OpticsModelFactory.Create(configuration.Optics, SplitMix64.DeriveSeed(seed, OpticsStream));
        var source = new PulseSource(optics, frontEnds, clock, plan.PulsePeriodSeconds, profile.MaxBatchSize);
        return new BoardHarness(plan, boards, source, clock, options.MaxIdleCycles);
    }

    /// <summary>Configure and Start for board <paramref name="index"/>, as the host would send them.</summary>
    private static byte[] AutostartCommands(RunPlan plan, int index, ushort stationId)
    {
        var writer = new FrameWriter(stationId);
        var buffer = new byte[2 * WireLimits.MaxWireFrameBytes];
        var configure = new ConfigureCommand
        {
            Role = plan.Configuration.Boards[index].Role ?? (index == 0 ? StationRole.Alice : StationRole.Bob),
            AlphabetSize = plan.AlphabetSize(index),
            BatchSize = plan.BatchSize,
            GateWidthTicks = plan.GateWidthTicks,
            RoundPeriodTicks = plan.PulsePeriodTicks,
        };
        int length = writer.WriteConfigure(configure, buffer, 0);
        length += writer.WriteCommand(FrameType.Start, buffer, length);
        return buffer[..length];
    }
}
