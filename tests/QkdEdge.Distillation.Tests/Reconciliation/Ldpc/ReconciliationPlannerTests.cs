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

        // At 1.3 % the nearer end moves the planner from the 32-row code to the 24-row code, which ranks better: kept.
        int rows24 = family.Specs.Select((spec, i) => (spec, i)).Single(x => x.spec.BaseRows == 24).i;
        int rows32 = family.Specs.Select((spec, i) => (spec, i)).Single(x => x.spec.BaseRows == 32).i;
        Assert.Equal(rows24, ReconciliationPlanner.CodeFor(family, 0.013, ReconciliationOptions.LongFrames));
        Assert.Equal(rows32, ReconciliationPlanner.CodeFor(family, 0.013, ReconciliationOptions.Default));
        Assert.Same(ReconciliationOptions.LongFrames, ReconciliationOptions.ForKey(longKey, 0.013));
        Assert.Equal(1.13, ReconciliationOptions.LongFrames.AttemptScales[^1]);
        Assert.Equal(ReconciliationOptions.Default.AttemptScales.Take(7), ReconciliationOptions.LongFrames.AttemptScales);
    }

    [Fact]
    public void Plan_WhenTwoCodesFit_TakesTheBetterRankedOneWhateverTheirReferences()
    {
        // The 24- and 32-row codes both fit a frame at Q = 1.4 % with the nearer schedule end (at most 30 % shortened).
        // Ranked by their references (1.13 and 1.11) the planner takes the 32-row code; given ranks, it follows them.
        var shipped = StandardLdpcCodes.LongFrameFamily.Profiles;
        var code24 = shipped.Single(p => p.Spec.BaseRows == 24);
        var code32 = shipped.Single(p => p.Spec.BaseRows == 32);
        var options = ReconciliationOptions.LongFrames;
        var byReference = new LdpcCodeFamily([code24 with { Rank = null }, code32], StandardLdpcCodes.Seed);
        var ranked = new LdpcCodeFamily([code24 with { Rank = 1.105 }, code32], StandardLdpcCodes.Seed);
        var rankedBehind = new LdpcCodeFamily([code24 with { Rank = 1.115 }, code32], StandardLdpcCodes.Seed);

        Assert.Equal(1, ReconciliationPlanner.CodeFor(byReference, 0.014, options));
        Assert.Equal(0, ReconciliationPlanner.CodeFor(ranked, 0.014, options));
        Assert.Equal(1, ReconciliationPlanner.CodeFor(rankedBehind, 0.014, options));
        var plan = ReconciliationPlanner.Plan(ranked, 1L << 22, 0.014, options);
        Assert.All(plan.Frames, frame => Assert.Equal(0, frame.CodeIndex));

        // The shipped ranks: the 24-row code behind the 42-row code and ahead of the 32-row one, in both families.
        foreach (var family in new[] { StandardLdpcCodes.Family, StandardLdpcCodes.LongFrameFamily })
        {
            double Rank(int rows) => family.Profiles.Single(p => p.Spec.BaseRows == rows).PlanningRank;
            Assert.InRange(Rank(24), Rank(42) + 1e-9, Rank(32) - 1e-9);
        }
    }

    [Fact]
    public void Family_WhenARankIsNotANumber_IsRejected()
    {
        var profile = TestCodes.SmallFamily.Profiles[0];
        Assert.Throws<ArgumentException>(() => new LdpcCodeFamily([profile with { Rank = double.NaN }], StandardLdpcCodes.Seed));
        Assert.Equal(profile.TypicalEfficiency, (profile with { Rank = null }).PlanningRank);
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
