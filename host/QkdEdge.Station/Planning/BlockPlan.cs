using QkdEdge.Protocol.Engine;
using QkdEdge.Security.FiniteKey;

namespace QkdEdge.Station.Planning;

/// <summary>
/// How blocks are cut and run, as the finite-key analysis sizes them for the expected device statistics.
/// </summary>
/// <param name="BlockRounds">Rounds per block (the archive cuts blocks of this size).</param>
/// <param name="TestFraction">gamma: probability that Alice marks a round as tested.</param>
/// <param name="KeptRounds">Rounds of a block the analysis counts: tested Bell rounds and every key-pair round (expected).</param>
/// <param name="KeptTestFraction">gamma': probability that a kept round is a Bell test round.</param>
/// <param name="MinimumKeptRounds">Fewest kept rounds with a positive key for these statistics.</param>
/// <param name="Analysis">Thresholds, estimated leak and key length of a block of <see cref="KeptRounds"/> kept rounds.</param>
/// <param name="Engine">What the block engine runs with.</param>
public sealed record BlockPlan(
    long BlockRounds,
    double TestFraction,
    long KeptRounds,
    double KeptTestFraction,
    long MinimumKeptRounds,
    FiniteKeyPlan Analysis,
    EngineSettings Engine)
{
    /// <summary>Key bits a block of honest devices is expected to yield.</summary>
    public long ExpectedKeyBits => Analysis.Result.KeyLengthBits;

    /// <summary>CHSH value below which a block aborts: 8 p_thr - 4.</summary>
    public double ChshAbortThreshold => 8 * Analysis.Thresholds.ThresholdWinProbability - 4;
}
