using QkdEdge.Firmware.Health;

namespace QkdEdge.Firmware.Tests.Health;

public sealed class AdaptiveProportionTestTests
{
    [Fact]
    public void Feed_WhenTheFirstValueRecursCutoffTimesInAWindow_Fails()
    {
        var test = new AdaptiveProportionTest(window: 16, cutoff: 5);
        byte[] window = [3, 1, 3, 2, 3, 4, 3, 5, 3];

        var results = window.Select(test.Feed).ToList();

        Assert.All(results.Take(8), Assert.True);
        Assert.False(results[8]); // the fifth 3, counting the window's first sample
        Assert.Equal(5, test.CurrentCount);
    }

    [Fact]
    public void Feed_WhenCountsAreSplitAcrossWindows_DoesNotAddThemUp()
    {
        var test = new AdaptiveProportionTest(window: 8, cutoff: 5);
        // Window 1: four 3s among eight samples; window 2 again four 3s: neither window reaches 5.
        byte[] samples = [3, 3, 1, 3, 2, 3, 4, 5, 3, 3, 6, 3, 7, 3, 8, 9];

        Assert.All(samples, s => Assert.True(test.Feed(s)));
    }

    [Fact]
    public void Feed_WhenTheWindowStartsWithARareValue_IgnoresAFrequentLaterValue()
    {
        var test = new AdaptiveProportionTest(window: 8, cutoff: 3);
        byte[] samples = [9, 3, 3, 3, 3, 3, 3, 3];

        Assert.All(samples, s => Assert.True(test.Feed(s)));
    }
}
