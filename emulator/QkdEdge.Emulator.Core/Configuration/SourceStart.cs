namespace QkdEdge.Emulator.Configuration;

/// <summary>When the shared source starts emitting pulses (see <see cref="SourceOptions.StartWhen"/>).</summary>
public enum SourceStart
{
    /// <summary>
    /// Once every board is running (boards halted by an RNG alarm are not waited for). Hosts start their
    /// boards one after the other in real time; holding the first pulse until the last board runs makes
    /// round r of every board meet the same pulse whatever that delay was, so a run stays deterministic
    /// by seed.
    /// </summary>
    AllBoardsRunning = 0,

    /// <summary>As soon as any board runs (a board started late misses the pulses before its start).</summary>
    AnyBoardRunning = 1,
}
