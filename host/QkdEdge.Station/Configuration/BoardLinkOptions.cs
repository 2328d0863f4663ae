namespace QkdEdge.Station.Configuration;

/// <summary>How the station reaches and configures its board.</summary>
public sealed record BoardLinkOptions
{
    /// <summary>Serial port of the board (/dev/ttyUSB0, COM3, or an emulator's pseudo-terminal).</summary>
    public required string PortName { get; init; }

    /// <summary>Line rate; the reference board's USB-serial bridge runs at 2 Mbaud (hardware/boards).</summary>
    public int BaudRate { get; init; } = 2_000_000;

    /// <summary>
    /// Round period the board is configured with, in its own ticks. It must equal the source's trigger
    /// period: a board configured otherwise tags every round as a time-tag exception.
    /// </summary>
    public required uint RoundPeriodTicks { get; init; }

    /// <summary>Detector gate width, in board ticks (shorter than the round period).</summary>
    public required uint GateWidthTicks { get; init; }

    /// <summary>Rounds per batch; null takes the largest batch the board reports in its Info frame.</summary>
    public int? BatchSize { get; init; }

    /// <summary>
    /// How long a command waits for its Ack. A board answers within one batch (120 rounds at 100 kHz is
    /// 1.2 ms on the reference board); a second covers a busy host and a slow USB bridge.
    /// </summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Stop the board when the station stops. Off by default: a board left running keeps counting triggers,
    /// so its round indices stay in step with the other station's board and blocks still pair when the host
    /// comes back (the rounds it measured meanwhile are lost, and archived as a gap). A stopped board falls
    /// behind the trigger count for good.
    /// </summary>
    public bool StopOnExit { get; init; }

    /// <summary>
    /// Dead time of the detectors on the board's click inputs, in nanoseconds (a property of the detectors, not the
    /// board: typically 20 to 100 ns for single-photon avalanche diodes and nanowires). When set, the station
    /// exports 1 / dead time as each detector's highest resolvable click rate, which the detector-saturation alert
    /// divides the measured click rate by; unset, that alert cannot fire.
    /// </summary>
    public double? DetectorDeadTimeNanoseconds { get; init; }

    /// <summary>The highest click rate the detectors resolve (1 / dead time), if the dead time is known.</summary>
    public double? DetectorMaxClickRateHz => DetectorDeadTimeNanoseconds is double ns ? 1e9 / ns : null;
}
