namespace QkdEdge.Archive;

/// <summary>
/// A cut block: the contiguous round-index range [<see cref="FirstRound"/>, <see cref="EndRound"/>) of one board
/// epoch, aligned to multiples of the archive's block size, so two stations that started together cut the
/// same ranges. Rounds lost in gaps are simply absent (<see cref="RoundsPresent"/> counts the rest).
/// </summary>
public sealed record BlockDescriptor(
    long BlockId,
    long Epoch,
    long FirstRound,
    long EndRound,
    long RoundsPresent,
    long EventCount,
    BlockEnd End)
{
    public long NominalRounds => EndRound - FirstRound;

    public long MissingRounds => NominalRounds - RoundsPresent;
}

/// <summary>Why a block was cut.</summary>
public enum BlockEnd : byte
{
    /// <summary>A round beyond the block's range arrived: the range is final.</summary>
    Complete = 0,

    /// <summary>The board reset inside the block; the rest of the range will never come.</summary>
    BoardReset = 1,

    /// <summary>The station ended the run (<see cref="ArchiveWriter.CutOpenBlock"/>).</summary>
    RunEnded = 2,
}
