using System.Net;
using QkdEdge.Telemetry.Tests.Support;

namespace QkdEdge.Telemetry.Tests;

/// <summary>Detector clicks counted from archived rounds, over the board time they span.</summary>
public sealed class ClickTallyTests
{
    /// <summary>80 MHz: the emulated ESP32's tick rate; 100 ticks per round.</summary>
    private const double TickHz = 80e6;
    private const long Period = 100;

    [Fact]
    public void Take_AfterTwoBatches_CountsEachDetectorAndDoubleClicksForBoth()
    {
        var tally = new ClickTally();
        // None, D0, D1, both; then D0, D0.
        tally.Add([0, 1, 2, 3], [1000, 1100, 1200, 1300]);
        tally.Add([1, 1], [1400, 1500]);

        var window = tally.Take(TickHz, Period);

        Assert.Equal(new ClickWindow(4, 2, (1500 - 1000 + Period) / TickHz), window);
    }

    [Fact]
    public void Take_WhenCalledAgain_StartsAFreshWindowAndIsNullWithoutRounds()
    {
        var tally = new ClickTally();
        tally.Add([1, 2], [0, 100]);
        tally.Take(TickHz, Period);

        Assert.Null(tally.Take(TickHz, Period));
        tally.Add([2], [5000]);
        Assert.Equal(new ClickWindow(0, 1, Period / TickHz), tally.Take(TickHz, Period));
    }

    [Fact]
    public void Take_WhenTimeTagsStartOverAfterABoardReset_UsesTheRoundsNominalDuration()
    {
        var tally = new ClickTally();
        tally.Add([1, 1, 1], [900_000, 900_100, 900_200]);
        tally.Add([2, 2], [0, 100]);

        var window = tally.Take(TickHz, Period);

        Assert.Equal(5 * Period / TickHz, window!.Value.Seconds);
    }

    [Fact]
    public void Add_WhenColumnsDifferInLength_Throws() =>
        Assert.Throws<ArgumentException>(() => new ClickTally().Add([1, 2], [0]));

    [Fact]
    public async Task DetectorClicks_WhenAWindowIsReported_ExportsCountsAndRatesPerDetector()
    {
        var metrics = StationMetrics.Create("alice");
        await using var host = await MetricsHost.StartAsync(metrics.Registry, new IPEndPoint(IPAddress.Loopback, 0));
        metrics.DetectorClicks(new ClickWindow(300, 100, 0.5));
        metrics.DetectorClicks(new ClickWindow(40, 60, 0.25));

        using var client = new HttpClient();
        var scraped = ScrapedMetrics.Parse(await client.GetStringAsync(host.Address));

        Assert.Equal(340, scraped.Value(MetricNames.DetectorClicks, ("detector", StationMetrics.Detector0)));
        Assert.Equal(160, scraped.Value(MetricNames.DetectorClicks, ("detector", StationMetrics.Detector1)));
        // The rates are the last window's.
        Assert.Equal(40 / 0.25, scraped.Value(MetricNames.DetectorClickRate, ("detector", StationMetrics.Detector0)));
        Assert.Equal(60 / 0.25, scraped.Value(MetricNames.DetectorClickRate, ("detector", StationMetrics.Detector1)));
    }
}
