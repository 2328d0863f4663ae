namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// How a key is cut into frames and modulated. Both stations compute it from the same inputs
/// (<see cref="ReconciliationPlanner.Plan"/>), or Alice sends it.
/// </summary>
public sealed record ReconciliationPlan(long KeyBits, double EstimatedErrorRate, IReadOnlyList<FramePlan> Frames)
{
    public int MaxAttempts => Frames.Count == 0 ? 0 : Frames.Max(f => f.Attempts);
}
