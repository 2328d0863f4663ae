using QkdEdge.Station.Pipeline;

namespace QkdEdge.Station.Tests.Pipeline;

public sealed class PeerWaitsTests
{
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void ForBlockWork_WhenTheBlockIsOfTheDemosSize_AddsTwoMicrosecondsPerRound()
    {
        Assert.Equal(TimeSpan.FromSeconds(30 + 10.2), PeerWaits.ForBlockWork(ReceiveTimeout, 5_100_000));
        Assert.Equal(ReceiveTimeout, PeerWaits.ForBlockWork(ReceiveTimeout, 0));
    }

    [Fact]
    public void ForBlockWork_WhenABlockOf113MillionRoundsTook52SecondsToAlign_WaitsLongerThanTwiceThat()
    {
        // The demo with detectors of efficiency 0.96 plans blocks of 113,280,000 rounds; Alice took 16 to 52 s to align
        // them while Bob waited 30 s and gave up.
        var wait = PeerWaits.ForBlockWork(ReceiveTimeout, 113_280_000);

        Assert.True(wait > TimeSpan.FromSeconds(2 * 52), $"{wait}");
        Assert.Equal(TimeSpan.FromSeconds(30 + 226.56), wait);
    }

    [Fact]
    public void ForBlockWork_WhenTheTimeoutIsInfinite_StaysInfinite() =>
        Assert.Equal(Timeout.InfiniteTimeSpan, PeerWaits.ForBlockWork(Timeout.InfiniteTimeSpan, 1_000_000));

    [Fact]
    public void ForBlockWork_WhenRoundsAreNegative_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PeerWaits.ForBlockWork(ReceiveTimeout, -1));
}
