namespace QkdEdge.Security.FiniteKey;

/// <summary>Expected device statistics and protocol choices for planning a block.</summary>
/// <param name="ChshValue">Expected S of the honest devices.</param>
/// <param name="ErrorRate">Expected Q on key rounds.</param>
/// <param name="Security">eps parameters (eps_c sizes the CHSH threshold).</param>
/// <param name="TestFraction">gamma, or null to choose the best one.</param>
/// <param name="ReconciliationEfficiency">f &gt;= 1 of the error-correction code (1 = Shannon limit, the sheet's choice).</param>
/// <param name="Analysis">Which bound.</param>
/// <param name="KeyCompleteness">Completeness share of the key-agreement (error-rate) test.</param>
/// <param name="IncludeAepLeakTerm">Add the sqrt(n) AEP term to the leak estimate (see <see cref="ErrorCorrectionLeak"/>).</param>
public sealed record PlanningInputs(
    double ChshValue,
    double ErrorRate,
    EatSecurityParameters Security,
    double? TestFraction = null,
    double ReconciliationEfficiency = 1.0,
    EatAnalysis Analysis = EatAnalysis.Best,
    double KeyCompleteness = 1e-2,
    bool IncludeAepLeakTerm = true);
