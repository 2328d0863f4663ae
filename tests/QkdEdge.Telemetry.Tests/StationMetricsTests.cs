using QkdEdge.Telemetry.Tests.Support;

namespace QkdEdge.Telemetry.Tests;

public sealed class StationMetricsTests
{
    [Fact]
    public async Task FrameCounters_WhenReaderStartsOver_CountsTheNewReadersFramesOnTop()
    {
        var metrics = StationMetrics.Create("alice");
        metrics.FrameCounters(new BoardLinkCounters(500, 5, 1, 1, 0));

        metrics.FrameCounters(new BoardLinkCounters(20, 0, 0, 0, 0));
        var scraped = await KnownStation.ExportAsync(metrics);

        Assert.Equal(520, scraped.Value(MetricNames.BoardFrames));
        Assert.Equal(5, scraped.Value(MetricNames.BoardCrcErrors));
    }

    [Fact]
    public async Task BlockFinished_WhenKeyBlockHasNoDuration_LeavesKeyRateUnchanged()
    {
        var metrics = StationMetrics.Create("alice");
        metrics.BlockFinished(KnownStation.KeyBlock);

        metrics.BlockFinished(KnownStation.KeyBlock with { ClosedAt = KnownStation.KeyBlock.OpenedAt });
        var scraped = await KnownStation.ExportAsync(metrics);

        Assert.Equal(4096 / 8.0, scraped.Value(MetricNames.KeyRate), 1e-12);
        Assert.Equal(2 * 4096, scraped.Value(MetricNames.SecretKeyBits));
    }

    [Fact]
    public async Task Create_WhenNothingReported_PublishesFixedLabelSetsAtZeroAndRngInStartup()
    {
        var scraped = await KnownStation.ExportAsync(StationMetrics.Create("alice"));

        Assert.Equal(0, scraped.Value(MetricNames.Blocks, ("result", "key")));
        Assert.Equal(0, scraped.Value(MetricNames.Blocks, ("result", "aborted")));
        Assert.Equal(0, scraped.Value(MetricNames.KeysDelivered, ("role", "slave")));
        Assert.Equal(0, scraped.Value(MetricNames.KeyDeliveryFailures, ("reason", "key_not_found")));
        Assert.Equal(1, scraped.Value(MetricNames.RngState, ("state", "startup")));
    }

    [Fact]
    public void DetectorClicks_WhenWindowIsNotPositive_Throws()
    {
        var metrics = StationMetrics.Create("alice");

        Assert.Throws<ArgumentOutOfRangeException>(() => metrics.DetectorClicks("d0", 10, TimeSpan.Zero));
    }
}
