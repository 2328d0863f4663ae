using QkdEdge.Firmware.Health;

namespace QkdEdge.Firmware.Tests.Health;

public sealed class RepetitionCountTestTests
{
    [Fact]
    public void Feed_WhenCutoffIdenticalSamplesArrive_FailsOnTheLastOfThem()
    {
        var test = new RepetitionCountTest(cutoff: 5);
        test.Feed(1);

        for (int i = 0; i < 3; i++)
            Assert.True(test.Feed(1));

        Assert.False(test.Feed(1));
        Assert.Equal(5, test.CurrentRun);
    }

    [Fact]
    public void Feed_WhenARunIsBrokenBeforeTheCutoff_StartsCountingAgain()
    {
        var test = new RepetitionCountTest(cutoff: 3);

        Assert.True(test.Feed(7));
        Assert.True(test.Feed(7));
        Assert.True(test.Feed(8));
        Assert.True(test.Feed(8));
        Assert.Equal(2, test.CurrentRun);
    }
}
