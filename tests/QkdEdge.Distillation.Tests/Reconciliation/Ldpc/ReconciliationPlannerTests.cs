using QkdEdge.Distillation.Reconciliation.Ldpc;

namespace QkdEdge.Distillation.Tests.Reconciliation.Ldpc;

public class ReconciliationPlannerTests
{
    [Fact]
    public void Plan_WhenNoCodeReachesTheErrorRate_ThrowsOutOfRange()
    {
        // Q = 0.2 %: h(Q) = 0.021, so even the highest-rate code's 1,536 syndrome bits (24 rows of 64) match about
        // 46,000 key bits at its typical efficiency: more than the 16,384 bits a frame holds. No code qualifies.
        Assert.Throws<ArgumentOutOfRangeException>(() => ReconciliationPlanner.Plan(TestCodes.SmallFamily, 100_000, 0.002, ReconciliationOptions.Default));
    }
}
