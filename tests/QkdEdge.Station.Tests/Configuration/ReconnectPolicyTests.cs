using QkdEdge.Station.Configuration;

namespace QkdEdge.Station.Tests.Configuration;

public sealed class ReconnectPolicyTests
{
    [Fact]
    public void DelayAfter_WhenFailuresGrow_DoublesUpToTheCap()
    {
        var policy = new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(500), Multiplier = 2, MaxDelay = TimeSpan.FromSeconds(3) };

        var delays = Enumerable.Range(1, 5).Select(policy.DelayAfter).ToArray();

        Assert.Equal([TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3)], delays);
    }

    [Fact]
    public void GivesUpAfter_WhenNoLimit_NeverGivesUp() =>
        Assert.False(new ReconnectPolicy().GivesUpAfter(1_000_000));
}
