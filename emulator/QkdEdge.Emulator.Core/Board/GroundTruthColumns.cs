namespace QkdEdge.Emulator.Board;

/// <summary>A board's ground truth as columns (index i is one round), copied out of the recorder.</summary>
public sealed record GroundTruthColumns(long[] Rounds, long[] Pulses, byte[] Settings, byte[] Clicks, long[] TimeTags)
{
    public int Count => Rounds.Length;
}
