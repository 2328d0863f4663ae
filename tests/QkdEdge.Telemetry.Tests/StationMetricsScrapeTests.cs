using System.Net;
using System.Reflection;
using QkdEdge.Telemetry.Tests.Support;

namespace QkdEdge.Telemetry.Tests;

/// <summary>Drives the station API with known values and scrapes /metrics from a real server on loopback.</summary>
public sealed class StationMetricsScrapeTests
{
    private const double Tolerance = 1e-12;

    private static async Task<ScrapedMetrics> ScrapeAsync(MetricsHost host)
    {
        using var client = new HttpClient();
        var response = await client.GetAsync(host.Address);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        return ScrapedMetrics.Parse(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Scrape_WhenEveryUpdateWasCalled_ExposesEveryIndicatorWithItsValue()
    {
        var metrics = StationMetrics.Create("alice");
        await using var host = await MetricsHost.StartAsync(metrics.Registry, new IPEndPoint(IPAddress.Loopback, 0));
        KnownStation.DriveAllButBlocks(metrics);
        metrics.BlockFinished(KnownStation.KeyBlock);

        var first = await ScrapeAsync(host);
        metrics.BlockFinished(KnownStation.AbortedBlock);
        var second = await ScrapeAsync(host);

        // After the key block: its Bell value, margin, error rate, rate and freshness.
        Assert.Equal(2.70, first.Value(MetricNames.ChshValue), Tolerance);
        Assert.Equal(2.62, first.Value(MetricNames.ChshLowerBound), Tolerance);
        Assert.Equal(2.50, first.Value(MetricNames.ChshAbortThreshold), Tolerance);
        Assert.Equal(2.70 - 2.50, first.Value(MetricNames.ChshMargin), Tolerance);
        Assert.Equal(0.031, first.Value(MetricNames.Qber), Tolerance);
        Assert.Equal(1.18, first.Value(MetricNames.ReconciliationEfficiency), Tolerance);
        Assert.Equal(1.25, first.Value(MetricNames.ReconciliationPlannedEfficiency), Tolerance);
        Assert.Equal(4096 / 8.0, first.Value(MetricNames.KeyRate), Tolerance);
        Assert.Equal(1.0, first.Value(MetricNames.TrialSuccessRatio), Tolerance);

        // After the aborted block: the Bell values follow it, the error rate keeps the last estimate.
        Assert.Equal(2.40, second.Value(MetricNames.ChshValue), Tolerance);
        Assert.Equal(2.40 - 2.50, second.Value(MetricNames.ChshMargin), Tolerance);
        Assert.Equal(0.031, second.Value(MetricNames.Qber), Tolerance);
        Assert.Equal(1.18, second.Value(MetricNames.ReconciliationEfficiency), Tolerance); // the Bell abort ran no error correction
        Assert.Equal(0, second.Value(MetricNames.KeyRate));
        Assert.Equal(1, second.Value(MetricNames.Blocks, ("result", "key")));
        Assert.Equal(1, second.Value(MetricNames.Blocks, ("result", "aborted")));
        Assert.Equal(1, second.Value(MetricNames.BlockAborts, ("reason", "bell")));
        Assert.Equal(0.5, second.Value(MetricNames.TrialSuccessRatio), Tolerance);
        Assert.Equal(4096, second.Value(MetricNames.SecretKeyBits));

        // Freshness 1.5 s: one observation, in the 2.5 s bucket and not in the 1 s one.
        Assert.Equal(1, second.Value(MetricNames.KeyFreshness + "_count"));
        Assert.Equal(1.5, second.Value(MetricNames.KeyFreshness + "_sum"), Tolerance);
        Assert.Equal(0, second.Value(MetricNames.KeyFreshness + "_bucket", ("le", "1")));
        Assert.Equal(1, second.Value(MetricNames.KeyFreshness + "_bucket", ("le", "2.5")));

        Assert.Equal(3, second.Value(MetricNames.KeyCommitAttempts));
        Assert.Equal(2, second.Value(MetricNames.KeysCommitted));
        Assert.Equal(1, second.Value(MetricNames.KeyVerificationFailures));
        Assert.Equal(1, second.Value(MetricNames.TamperingDetected, ("channel", "peer")));

        Assert.Equal(150_000, second.Value(MetricNames.DetectorClicks, ("detector", "d0")));
        Assert.Equal(150_000 / 1.5, second.Value(MetricNames.DetectorClickRate, ("detector", "d0")), 1e-6);
        Assert.Equal(30_000 / 1.5, second.Value(MetricNames.DetectorClickRate, ("detector", "d1")), 1e-6);
        Assert.Equal(2e7, second.Value(MetricNames.DetectorMaxClickRate, ("detector", "d1")));

        Assert.Equal(2.5e-9, second.Value(MetricNames.SyncOffset), 1e-20);
        Assert.Equal(1.2e-10, second.Value(MetricNames.SyncResidual), 1e-20);
        Assert.Equal(0.8, second.Value(MetricNames.SyncDrift), Tolerance);
        Assert.Equal(1e-9, second.Value(MetricNames.SyncWindow), 1e-20);

        Assert.Equal(1, second.Value(MetricNames.RngState, ("state", "alarm")));
        Assert.Equal(0, second.Value(MetricNames.RngState, ("state", "ok")));
        Assert.Equal(0, second.Value(MetricNames.RngState, ("state", "startup")));
        Assert.Equal(1, second.Value(MetricNames.RngAlarms, ("test", "repetition-count")));

        Assert.Equal(150, second.Value(MetricNames.BoardFrames));
        Assert.Equal(4, second.Value(MetricNames.BoardCrcErrors));
        Assert.Equal(2, second.Value(MetricNames.BoardSequenceGaps));
        Assert.Equal(1, second.Value(MetricNames.BoardResyncs));
        Assert.Equal(1, second.Value(MetricNames.BoardReconnects));
        Assert.Equal(1, second.Value(MetricNames.BoardLinkUp));
        Assert.Equal(0, second.Value(MetricNames.PeerLinkUp));
        Assert.Equal(2, second.Value(MetricNames.PeerReconnects));
        Assert.Equal(12_288, second.Value(MetricNames.AuthKeyPoolBits));

        Assert.Equal(65_536, second.Value(MetricNames.KeyStoreAvailableBits));
        Assert.Equal(3, second.Value(MetricNames.KeyStoreBlocks));
        Assert.Equal(4, second.Value(MetricNames.KeysDelivered, ("role", "master")));
        Assert.Equal(1024, second.Value(MetricNames.DeliveredKeyBits, ("role", "slave")));
        Assert.Equal(1, second.Value(MetricNames.KeyDeliveryFailures, ("reason", "unauthorized")));
        Assert.Equal(2, second.Value(MetricNames.KeyDeliveryFailures, ("reason", "insufficient_key")));
        Assert.Equal(0, second.Value(MetricNames.KeyDeliveryFailures, ("reason", "server_error")));
    }

    [Fact]
    public async Task Scrape_WhenEveryUpdateWasCalled_HasEveryDeclaredMetricLabelledWithItsStation()
    {
        var metrics = StationMetrics.Create("bob");
        await using var host = await MetricsHost.StartAsync(metrics.Registry, new IPEndPoint(IPAddress.Loopback, 0));
        KnownStation.DriveAll(metrics);

        var scraped = await ScrapeAsync(host);

        var declared = typeof(MetricNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name != nameof(MetricNames.Prefix)).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.Equal(40, declared.Count);
        foreach (var name in declared)
            Assert.Contains(scraped.Names, n => n == name || n == name + "_count");
        Assert.All(scraped.Samples, s => Assert.Equal("bob", s.Labels["station"]));
        Assert.All(scraped.Samples, s => Assert.StartsWith(MetricNames.Prefix, s.Name));
    }

    [Fact]
    public async Task Scrape_WhenTwoStationsShareAProcess_EachServesOnlyItsOwnSeries()
    {
        var alice = StationMetrics.Create("alice");
        var bob = StationMetrics.Create("bob");
        await using var aliceHost = await MetricsHost.StartAsync(alice.Registry, new IPEndPoint(IPAddress.Loopback, 0));
        await using var bobHost = await MetricsHost.StartAsync(bob.Registry, new IPEndPoint(IPAddress.Loopback, 0));
        alice.AuthKeyPool(100);
        bob.AuthKeyPool(200);

        var fromAlice = await ScrapeAsync(aliceHost);
        var fromBob = await ScrapeAsync(bobHost);

        Assert.Equal(100, fromAlice.Value(MetricNames.AuthKeyPoolBits, ("station", "alice")));
        Assert.Equal(200, fromBob.Value(MetricNames.AuthKeyPoolBits, ("station", "bob")));
        Assert.DoesNotContain(fromAlice.Samples, s => s.Labels["station"] == "bob");
    }
}
