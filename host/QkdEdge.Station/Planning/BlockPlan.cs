using QkdEdge.Protocol.Engine;
using QkdEdge.Security.FiniteKey;

namespace QkdEdge.Station.Planning;

/// <summary>How blocks are cut and run, as the finite-key analysis sizes them for the expected device statistics.</summary>
/// <param name="BlockRounds">Rounds per block (the archive cuts blocks of this size).</param>
/// <param name="TestFraction">gamma: probability that Alice marks a round as tested.</param>
/// <param name="MinimumBlockRounds">Fewest rounds per block with a positive expected key for these statistics.</param>
/// <param name="ExpectedKeyBits">Key bits a block of honest devices is expected to yield.</param>
/// <param name="Thresholds">The abort thresholds a block of the expected composition runs with.</param>
/// <param name="Engine">What the block engine runs with.</param>
/// <param name="ReconciliationEfficiency">The syndrome's efficiency f the plan assumed (measured or configured).</param>
public sealed record BlockPlan(
    long BlockRounds,
    double TestFraction,
    long MinimumBlockRounds,
    long ExpectedKeyBits,
    AbortThresholds Thresholds,
    EngineSettings Engine,
    double ReconciliationEfficiency)
{
    /// <summary>CHSH value below which a block aborts: 8 p_thr - 4 (the engine fixes p_thr per block from its kept rounds).</summary>
    public double ChshAbortThreshold => (8 * Thresholds.ThresholdWinProbability) - 4;
}
