using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Engine;
using QkdEdge.Station.Configuration;
using QkdEdge.Station.Planning;
using QkdEdge.Station.Tests.Support;

namespace QkdEdge.Station.Tests.Planning;

public sealed class StationPlannerTests
{
    private const double Efficiency = 1.2;

    [Fact]
    public void TryPlan_ForTheIdealLink_ChoosesABlockWithKeyAboveTheSmallestThatHasAny()
    {
        var plan = StationPair.TestPlan.Value;
        var options = StationPair.TestProtocol;
        var protocol = Protocols.ChshVaziraniVidick;

        // The margin buys length: the chosen block has a key, at least the margin above the smallest block with one.
        Assert.True(plan.BlockRounds >= options.BlockMargin * plan.MinimumBlockRounds);
        Assert.True(plan.ExpectedKeyBits > 0);
        Assert.True(BlockPlanner.ExpectedKeyLength(protocol, plan.Engine, plan.BlockRounds, plan.TestFraction, Efficiency) >= plan.ExpectedKeyBits);
        // The smallest block is found to about 2 %: a block 10 % shorter has no key at any test fraction.
        long shorter = (long)(plan.MinimumBlockRounds * 0.9);
        Assert.True(BlockPlanner.ExpectedKeyLength(protocol, plan.Engine, shorter, BlockPlanner.BestTestFraction(protocol, plan.Engine, shorter, Efficiency), Efficiency) < 1);
        // The abort threshold sits between the local bound and the expected value.
        Assert.InRange(plan.ChshAbortThreshold, 2.0, options.ExpectedChsh);
        Assert.Equal(plan.TestFraction, plan.Engine.TestFraction);
    }

    [Fact]
    public void TryPlan_WhenTheMarginAsksForMoreRoundsThanAStationHolds_RefusesNamingTheLimit()
    {
        // The test link needs about 0.9 million rounds for any key; a margin of 3,000 asks for 2.6 * 10^9.
        var options = StationPair.TestProtocol with { BlockMargin = 3000 };

        Assert.False(StationPlanner.TryPlan(options, Protocols.ChshVaziraniVidick, null, out var plan, out var error));

        Assert.Null(plan);
        Assert.Contains(StationPlanner.MaxStationBlockRounds.ToString(System.Globalization.CultureInfo.InvariantCulture), error, StringComparison.Ordinal);
        Assert.Contains("protocol:blockMargin", error, StringComparison.Ordinal);
        // A margin within the limit still plans.
        Assert.True(StationPlanner.TryPlan(StationPair.TestProtocol with { BlockMargin = 1000 }, Protocols.ChshVaziraniVidick, null, out _, out var none), none);
    }

    [Fact]
    public void TryPlan_WhenTheDevicesBarelyViolateBell_RefusesWithTheStatistics()
    {
        var options = new ProtocolOptions { ExpectedChsh = 2.05, ExpectedErrorRate = 0.08 };

        Assert.False(StationPlanner.TryPlan(options, Protocols.ChshVaziraniVidick, null, out var plan, out var error));

        Assert.Null(plan);
        Assert.Contains("2.05", error);
    }
}
