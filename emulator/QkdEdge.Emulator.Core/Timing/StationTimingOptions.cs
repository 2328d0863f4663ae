namespace QkdEdge.Emulator.Timing;

/// <summary>
/// One station's timing imperfections, as read from the run configuration. Defaults are ideal: a
/// perfect clock, no jitter, no missed triggers, every click inside its gate.
/// </summary>
public sealed class StationTimingOptions
{
    /// <summary>
    /// Board tick rate that time tags count, Hz. Default 80 MHz: the ESP32's APB clock, which drives its
    /// general-purpose timers and RMT without a divider.
    /// </summary>
    public double TickFrequencyHz { get; init; } = 80e6;

    /// <summary>The station clock's reading at source time 0, seconds (the board booted that long before pulse 0).</summary>
    public double ClockOffsetSeconds { get; init; }

    /// <summary>Rate error of the station clock, parts per million (crystals: a few to tens of ppm).</summary>
    public double ClockDriftPpm { get; init; }

    /// <summary>RMS jitter of the trigger's arrival at the station, seconds (Gaussian).</summary>
    public double TriggerJitterRmsSeconds { get; init; }

    /// <summary>Probability that the station misses a trigger and runs no round for that pulse.</summary>
    public double MissedTriggerProbability { get; init; }

    /// <summary>Mean arrival time of the photon relative to the centre of the gate, seconds (fibre delay mismatch).</summary>
    public double ClickOffsetSeconds { get; init; }

    /// <summary>RMS jitter of the photon's arrival (source and detector timing jitter), seconds (Gaussian).</summary>
    public double ClickJitterRmsSeconds { get; init; }

    /// <summary>Gate width, seconds; a click arriving outside it is not registered. Infinite by default.</summary>
    public double GateWidthSeconds { get; init; } = double.PositiveInfinity;
}
