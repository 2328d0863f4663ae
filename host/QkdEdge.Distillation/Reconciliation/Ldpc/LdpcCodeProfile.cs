namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// One mother code of a family: its construction spec, the decoder settings it was tuned with, and its typical
/// efficiency f (leak / (key bits h(Q)) at which about half the frames decode inside the rate-adaptive exchange).
/// The exchange's attempt schedule is expressed as multiples of the typical efficiency, so every code starts
/// near the point where its own frames begin to decode.
/// </summary>
/// <param name="Spec">How the code is built.</param>
/// <param name="Decoder">The decoder settings it was tuned with.</param>
/// <param name="TypicalEfficiency">The reference the attempt schedule scales (its first attempt discloses this f).</param>
/// <param name="Rank">
/// Where the planner places this code among the codes that can serve an error rate: the lowest rank wins (see
/// <see cref="ReconciliationPlanner"/>). Null ranks the code by its typical efficiency. A code's typical efficiency
/// places its schedule, a trade between disclosed bits and failed attempts, so it need not order two codes the way
/// their exchanges measure where both fit; a rank says that order where the two differ.
/// </param>
public sealed record LdpcCodeProfile(QcCodeSpec Spec, MinSumOptions Decoder, double TypicalEfficiency, double? Rank = null)
{
    /// <summary>The value the planner compares: <see cref="Rank"/>, else the typical efficiency.</summary>
    public double PlanningRank => Rank ?? TypicalEfficiency;
}
