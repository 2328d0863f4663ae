namespace QkdEdge.Emulator.Timing;

/// <summary>
/// Walks a station's pulses in order and numbers the rounds it actually runs, as the board's round
/// counter does: a missed trigger gets no round, so after m misses round r belongs to pulse r + m.
/// The host never sees pulse indices, only round indices and time tags.
/// </summary>
public sealed class StationRoundCounter
{
    private readonly StationTimingModel _model;

    public StationRoundCounter(StationTimingModel model, long firstPulse = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(firstPulse);
        _model = model;
        NextPulse = firstPulse;
    }

    /// <summary>The pulse <see cref="Advance"/> looks at next.</summary>
    public long NextPulse { get; private set; }

    /// <summary>The round index the next seen trigger gets.</summary>
    public long NextRound { get; private set; }

    /// <summary>Number of triggers missed so far.</summary>
    public long MissedTriggers { get; private set; }

    /// <summary>
    /// Observes the next pulse. Returns true with the round index when the station saw the trigger, false
    /// (round -1) when it missed it.
    /// </summary>
    public bool Advance(out TriggerObservation observation, out long round)
    {
        observation = _model.Observe(NextPulse++);
        if (!observation.TriggerSeen)
        {
            MissedTriggers++;
            round = -1;
            return false;
        }
        round = NextRound++;
        return true;
    }
}
