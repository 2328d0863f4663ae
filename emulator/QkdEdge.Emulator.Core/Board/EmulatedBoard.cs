using QkdEdge.Emulator.Clock;
using QkdEdge.Emulator.Links;
using QkdEdge.Emulator.Peripherals;
using QkdEdge.Firmware.Run;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Emulator.Board;

/// <summary>
/// One emulated station board: the unchanged firmware core over emulated peripherals (virtual-time
/// clock, seeded entropy source, optical front end, GPIO status lines) and a serial link to the host.
/// The harness steps it; everything else reads it.
/// </summary>
public sealed class EmulatedBoard : IDisposable
{
    private bool _booted;

    internal EmulatedBoard(string name, ushort stationId, int station, StationFirmware firmware, StationFrontEnd frontEnd,
        BoardClock clock, EmulatedStatusLines statusLines, EmulatedLink link, StationGroundTruth? groundTruth)
    {
        Name = name;
        StationId = stationId;
        Station = station;
        Firmware = firmware;
        FrontEnd = frontEnd;
        Clock = clock;
        StatusLines = statusLines;
        Link = link;
        GroundTruth = groundTruth;
    }

    /// <summary>The board's name, as printed with its port.</summary>
    public string Name { get; }

    /// <summary>The station id in the board's frame headers.</summary>
    public ushort StationId { get; }

    /// <summary>The board's station in the optics model.</summary>
    public int Station { get; }

    /// <summary>The firmware core the board runs (state, configuration, counters, RNG health).</summary>
    public StationFirmware Firmware { get; }

    public StationFrontEnd FrontEnd { get; }

    public BoardClock Clock { get; }

    /// <summary>The detector-enable line and LEDs, as the firmware drives them.</summary>
    public EmulatedStatusLines StatusLines { get; }

    public EmulatedLink Link { get; }

    /// <summary>What the board really produced, round by round; null if the harness was built without recording.</summary>
    public StationGroundTruth? GroundTruth { get; }

    public RunState State => Firmware.State;

    /// <summary>Rounds the board has used up since boot (the next batch's first round index).</summary>
    public long RoundsCompleted => Firmware.Counters.RoundsCompleted;

    /// <summary>The board takes no pulses once it has completed this many rounds (default: no limit).</summary>
    public long RoundLimit { get; set; } = long.MaxValue;

    internal bool IsRunning => Firmware.State == RunState.Running;

    /// <summary>True if the source may hand this board pulses now.</summary>
    internal bool TakesPulses => IsRunning && Firmware.IsBatchInFlight && FrontEnd.WantsPulses && RoundsCompleted < RoundLimit;

    /// <summary>True if the firmware has work to do before the next pulse: boot, start a batch, or collect one.</summary>
    internal bool NeedsStep => !_booted || (IsRunning && (!Firmware.IsBatchInFlight || !FrontEnd.WantsPulses) && RoundsCompleted < RoundLimit);

    internal void Step()
    {
        _booted = true;
        Firmware.Step();
    }

    public void Dispose()
    {
        Link.Dispose();
        StatusLines.Dispose();
    }
}
