namespace QkdEdge.Emulator.Timing;

/// <summary>What one station makes of one source pulse.</summary>
/// <param name="Pulse">Source pulse index.</param>
/// <param name="TriggerSeen">Whether the station saw the trigger; if not, it ran no round for this pulse.</param>
/// <param name="LocalTimeSeconds">The station clock's reading when the trigger arrived.</param>
/// <param name="TimeTagTicks">That reading as the board's coarse time tag, floor(local time x tick rate).</param>
/// <param name="ClickInsideGate">Whether a photon of this pulse arrives inside the gate the trigger opened (false when the trigger was missed).</param>
public readonly record struct TriggerObservation(
    long Pulse, bool TriggerSeen, double LocalTimeSeconds, long TimeTagTicks, bool ClickInsideGate);
