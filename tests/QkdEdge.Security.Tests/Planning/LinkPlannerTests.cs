using QkdEdge.Security.FiniteKey;
using QkdEdge.Security.Planning;

namespace QkdEdge.Security.Tests.Planning;

public class LinkPlannerTests
{
    private static readonly EatSecurityParameters Eps = EatSecurityParameters.ForSoundness(1e-10, 1e-2);

    [Fact]
    public void Plan_WhenDistanceGrows_ChshAndRatesFall()
    {
        var near = LinkPlanner.Plan(new LinkParameters(0.995, 0.98, 1e-7, 0.2, 0.0, 1e6), Eps, 1_000_000_000, findFirstKey: false);
        var far = LinkPlanner.Plan(new LinkParameters(0.995, 0.98, 1e-7, 0.2, 1.0, 1e6), Eps, 1_000_000_000, findFirstKey: false);
        Assert.True(far.ChshValue < near.ChshValue);
        Assert.True(far.ErrorRate > near.ErrorRate);
        Assert.True(far.AsymptoticRate < near.AsymptoticRate);
        Assert.True(near.Block!.RatePerRound > 0);
    }

    [Fact]
    public void Plan_WhenDetectorsBelowCriticalEfficiency_NoKeyEver()
    {
        var plan = LinkPlanner.Plan(new LinkParameters(1.0, 0.8, 0, 0.2, 0, 1e6), Eps, 1_000_000_000);
        Assert.True(plan.ChshValue < 2);
        Assert.Equal(0, plan.AsymptoticRate);
        Assert.Null(plan.SecondsToFirstKey);
    }

    [Fact]
    public void Plan_WhenHeralded_LossLowersRateNotStatistics()
    {
        var zero = LinkPlanner.Plan(new LinkParameters(0.97, 0.97, 1e-6, 0.2, 0, 1000, Heralded: true), Eps, 100_000_000, findFirstKey: false);
        var ten = LinkPlanner.Plan(new LinkParameters(0.97, 0.97, 1e-6, 0.2, 10, 1000, Heralded: true), Eps, 100_000_000, findFirstKey: false);
        Assert.Equal(zero.ChshValue, ten.ChshValue, 12);
        Assert.Equal(zero.EffectiveRoundRateHz / ten.EffectiveRoundRateHz, Math.Pow(10, 0.2), 9);
    }

    [Fact]
    public void Plan_WhenGoodHardware_TimeToFirstKeyIsRoundsOverRate()
    {
        var plan = LinkPlanner.Plan(new LinkParameters(0.99, 0.99, 1e-7, 0.2, 0.1, 2e6), Eps, 1_000_000_000);
        Assert.NotNull(plan.RoundsForFirstKey);
        Assert.Equal(plan.RoundsForFirstKey!.Value / 2e6, plan.SecondsToFirstKey!.Value, 9);
    }

    [Fact]
    public void Plan_WhenVisibilityInvalid_Throws() =>
        Assert.Throws<ArgumentException>(() => LinkPlanner.Plan(new LinkParameters(1.2, 0.9, 0, 0.2, 0, 1e6), Eps, 1000));
}
