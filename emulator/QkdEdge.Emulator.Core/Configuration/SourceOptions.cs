namespace QkdEdge.Emulator.Configuration;

/// <summary>The shared pulsed source that triggers every station.</summary>
public sealed class SourceOptions
{
    /// <summary>
    /// Time between pulses, in ticks of the board profile's tick clock. Null takes the profile's shortest
    /// round period (the fastest rate the boards sustain). A host that configures another round period
    /// sees every round as a time-tag exception, as a mismatched lab setup would show.
    /// </summary>
    public uint? PulsePeriodTicks { get; init; }

    /// <summary>When the first pulse leaves; default once every board is running.</summary>
    public SourceStart StartWhen { get; init; } = SourceStart.AllBoardsRunning;
}
