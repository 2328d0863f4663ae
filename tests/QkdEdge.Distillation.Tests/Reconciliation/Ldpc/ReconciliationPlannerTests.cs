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

    [Theory]
    [InlineData(100_000L, 0.03)]
    [InlineData(1_000_003L, 0.01)]
    [InlineData(777_777L, 0.08)]
    public void Plan_WhenTheKeyDoesNotFillWholeFrames_SpreadsItEvenlyOverWholeWords(long keyBits, double q)
    {
        var family = TestCodes.SmallFamily;
        var plan = ReconciliationPlanner.Plan(family, keyBits, q, ReconciliationOptions.Default);

        // The most key bits one frame holds at this Q: the longest key the planner keeps in a single frame.
        long low = 1, high = family.FrameLength;
        while (low < high)
        {
            long middle = (low + high + 1) / 2;
            if (ReconciliationPlanner.Plan(family, middle, q, ReconciliationOptions.Default).Frames.Count == 1)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        int capacity = (int)low;

        long expectedOffset = 0;
        foreach (var frame in plan.Frames)
        {
            Assert.Equal(expectedOffset, frame.KeyOffset);
            Assert.Equal(0, frame.KeyOffset % 64);
            Assert.InRange(frame.KeyBits, 1, capacity);
            expectedOffset += frame.KeyBits;
        }

        Assert.Equal(keyBits, expectedOffset);
        Assert.Equal((keyBits + capacity - 1) / capacity, plan.Frames.Count);

        // No short remainder: frames differ by at most one word, plus the key's tail of fewer than 64 bits.
        Assert.InRange(plan.Frames.Max(f => f.KeyBits) - plan.Frames.Min(f => f.KeyBits), 0, 127);
    }
}
