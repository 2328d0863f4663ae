using QkdEdge.Security.FiniteKey;

namespace QkdEdge.Station.Configuration;

/// <summary>
/// What the block size, test fraction and abort thresholds are planned from: the statistics the honest
/// devices were calibrated to show, and the security parameters. None of the planned numbers is set by
/// hand: <see cref="Planning.StationPlanner"/> derives them through the engine's planner and the finite-key analysis.
/// </summary>
public sealed record ProtocolOptions
{
    /// <summary>CHSH value S the installed devices show (calibration or link planner).</summary>
    public required double ExpectedChsh { get; init; }

    /// <summary>Error rate Q on the key setting pair that the installed devices show.</summary>
    public required double ExpectedErrorRate { get; init; }

    /// <summary>Total soundness eps_EC + eps_PA + 2 eps_s + eps_EA, split evenly (as the analyze commands do).</summary>
    public double Soundness { get; init; } = 1e-10;

    /// <summary>Probability that honest devices fail the CHSH test.</summary>
    public double Completeness { get; init; } = 1e-2;

    /// <summary>Probability that honest devices fail the key-agreement (error-rate) test.</summary>
    public double KeyCompleteness { get; init; } = 1e-2;

    public EatAnalysis Analysis { get; init; } = EatAnalysis.Best;

    /// <summary>
    /// Error-correction inefficiency f assumed when planning (leak = f n h(Q)): the margin over the Shannon
    /// limit with which the LDPC reconciliation picks its first code. Its ladder's rates are discrete, so a block
    /// may leak somewhat more; the engine charges the measured leak, and the block margin leaves room for it.
    /// </summary>
    public double ReconciliationEfficiency { get; init; } = 1.25;

    /// <summary>
    /// Block size over the smallest block with a positive expected key. Above 1 it buys key length per round
    /// and room for the real code's leak and for statistical fluctuation.
    /// </summary>
    public double BlockMargin { get; init; } = 1.5;

    public EatSecurityParameters Security => EatSecurityParameters.ForSoundness(Soundness, Completeness);
}
