using QkdEdge.Firmware.Rounds;

namespace QkdEdge.Firmware.Tests.Rounds;

public sealed class ClickTallyTests
{
    [Fact]
    public void Tally_WhenBatchMixesAllPatterns_CountsEachDetectorAndDoubleClicks()
    {
        var tally = new ClickTally();
        byte[] clicks = [0, 1, 2, 3, 0, 0, 1, 3, 2, 0];

        Assert.True(tally.Tally(clicks, clicks.Length));

        Assert.Equal(4, tally.BatchNoClicks);
        Assert.Equal(2, tally.BatchDoubleClicks);
        Assert.Equal(4, tally.BatchDetector0Clicks); // 1, 3, 1, 3
        Assert.Equal(4, tally.BatchDetector1Clicks); // 2, 3, 3, 2
        Assert.Equal(10, tally.TotalGates);
    }

    [Fact]
    public void Tally_WhenCalledForSeveralBatches_KeepsTotalsAndResetsTheBatchCounts()
    {
        var tally = new ClickTally();
        tally.Tally([3, 3, 3], 3);

        tally.Tally([0, 1, 9], 2); // only the first two rounds belong to the batch

        Assert.Equal(0, tally.BatchDoubleClicks);
        Assert.Equal(1, tally.BatchNoClicks);
        Assert.Equal(3, tally.TotalDoubleClicks);
        Assert.Equal(4, tally.TotalDetector0Clicks);
        Assert.Equal(3, tally.TotalDetector1Clicks);
        Assert.Equal(5, tally.TotalGates);
    }

    [Fact]
    public void Tally_WhenAPatternIsAboveThree_RejectsTheBatchAndCountsNothing()
    {
        var tally = new ClickTally();

        Assert.False(tally.Tally([1, 4, 0], 3));

        Assert.Equal(0, tally.TotalGates);
    }
}
