namespace QkdEdge.Emulator.Bench;

/// <summary>What one throughput measurement found.</summary>
/// <param name="Boards">Boards that ran (one per station).</param>
/// <param name="Pulses">Source pulses measured in the timed part.</param>
/// <param name="BoardRounds">Rounds all boards completed in the timed part (about boards x pulses).</param>
/// <param name="Frames">Frames the boards encoded in the timed part.</param>
/// <param name="Bytes">Bytes of those frames.</param>
/// <param name="Seconds">Wall-clock time of the timed part.</param>
public sealed record BenchResult(int Boards, long Pulses, long BoardRounds, long Frames, long Bytes, double Seconds)
{
    /// <summary>Link rounds per second: pulses measured jointly by every station, frames encoded.</summary>
    public double RoundsPerSecond => Pulses / Seconds;

    /// <summary>Rounds per second summed over the boards.</summary>
    public double BoardRoundsPerSecond => BoardRounds / Seconds;
}
