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

    [Fact]
    public void CanPlan_AgreesWithPlan_AcrossErrorRates()
    {
        foreach (var options in new[] { ReconciliationOptions.Default, ReconciliationOptions.LongFrames })
        {
            for (double q = 0.001; q < 0.2; q += 0.0005)
            {
                bool can = ReconciliationPlanner.CanPlan(TestCodes.SmallFamily, q, options);
                var plan = Record.Exception(() => ReconciliationPlanner.Plan(TestCodes.SmallFamily, 100_000, q, options));
                Assert.True(can == plan is null, $"Q = {q}: CanPlan {can}, Plan {(plan is null ? "planned" : plan.GetType().Name)}");
            }
        }
    }

    [Fact]
    public void OptionsForKey_UseTheNearerScheduleOnlyForLongKeysItCanPlan()
    {
        long longKey = StandardLdpcCodes.LongFrameMinimumKeyBits;
        Assert.Same(ReconciliationOptions.LongFrames, ReconciliationOptions.ForKey(longKey, 0.02));
        Assert.Same(ReconciliationOptions.Default, ReconciliationOptions.ForKey(longKey - 64, 0.02));

        // The nearer end leaves less room for the last attempt, so the long family's lowest plannable error rate rises
        // (from about 0.82 % to 0.91 %): between the two, long keys keep the default schedule and still get a plan.
        var family = StandardLdpcCodes.LongFrameFamily;
        Assert.False(ReconciliationPlanner.CanPlan(family, 0.0086, ReconciliationOptions.LongFrames));
        Assert.True(ReconciliationPlanner.CanPlan(family, 0.0086, ReconciliationOptions.Default));
        Assert.Same(ReconciliationOptions.Default, ReconciliationOptions.ForKey(longKey, 0.0086));
        Assert.True(ReconciliationPlanner.CanPlan(family, 0.0095, ReconciliationOptions.LongFrames));

        // At 6 % the nearer end no longer fits the 100-row code's frame and the planner would fall back to the 84-row
        // code beyond its threshold; the default schedule keeps the 100-row code there.
        int rows100 = family.Specs.Select((spec, i) => (spec, i)).Single(x => x.spec.BaseRows == 100).i;
        Assert.Equal(rows100, ReconciliationPlanner.CodeFor(family, 0.06, ReconciliationOptions.Default));
        Assert.NotEqual(rows100, ReconciliationPlanner.CodeFor(family, 0.06, ReconciliationOptions.LongFrames));
        Assert.Same(ReconciliationOptions.Default, ReconciliationOptions.ForKey(longKey, 0.06));
        foreach (double q in new[] { 0.01, 0.02, 0.05, 0.08 })
        {
            Assert.Same(ReconciliationOptions.LongFrames, ReconciliationOptions.ForKey(longKey, q));
        }
        Assert.Equal(1.13, ReconciliationOptions.LongFrames.AttemptScales[^1]);
        Assert.Equal(ReconciliationOptions.Default.AttemptScales.Take(7), ReconciliationOptions.LongFrames.AttemptScales);
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
