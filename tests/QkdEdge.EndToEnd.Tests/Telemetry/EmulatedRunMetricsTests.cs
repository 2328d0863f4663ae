using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using QkdEdge.Archive;
using QkdEdge.KeyStore;
using QkdEdge.Protocol.Engine;
using QkdEdge.Station.Lifecycle;
using QkdEdge.Station.Status;
using QkdEdge.Telemetry;
using QkdEdge.Telemetry.Tests.Support;
using Xunit.Abstractions;

namespace QkdEdge.EndToEnd.Tests.Telemetry;

/// <summary>
/// The metrics endpoint after a real emulated run: both stations run until each holds a key, then /metrics is
/// scraped over HTTP from each station's MetricsHost, parsed as Prometheus text, and every indicator is checked
/// against what the run itself reported: the finished blocks, the log, the status, the archive and the key store.
/// </summary>
public sealed partial class EmulatedRunMetricsTests(ITestOutputHelper output)
{
    /// <summary>Values the exporter copies are compared exactly; values it derives (a quotient, a sum) to within rounding.</summary>
    private const double Rounding = 1e-9;

    [Fact]
    public async Task Scrape_AfterAnEmulatedRunToAKey_ExposesEveryIndicatorAsTheRunReportedIt()
    {
        await using var pair = await MeteredStationPair.StartAsync(seed: 5);

        var (aliceRun, bobRun) = await pair.RunUntilKeysAsync(1, TimeSpan.FromSeconds(90));
        var alice = await ScrapeAsync(pair.Alice);
        var bob = await ScrapeAsync(pair.Bob);

        Assert.False(aliceRun.Failed, aliceRun.Reason);
        Assert.False(bobRun.Failed, bobRun.Reason);
        foreach (var (station, scraped, run) in new[] { (pair.Alice, alice, aliceRun), (pair.Bob, bob, bobRun) })
        {
            var blocks = station.Blocks;
            foreach (var b in blocks)
                output.WriteLine($"{station.Host.Role} block {b.BlockId}: key {b.KeyBits} bits, S = {b.Chsh}, Q = {b.ErrorRate}, {b.AbortCause}");
            Assert.Contains(blocks, b => b.ProducedKey);
            Assert.All(scraped.Samples, s => Assert.Equal(station.Host.Role.ToString().ToLowerInvariant(), s.Labels["station"]));
            BellTestAndKeyRate(scraped, blocks);
            KeyIngestionAndIntegrity(scraped, blocks, station.Host.KeyStorePath);
            DetectorClicks(scraped, station.Host.ArchivePath, pair.RunPlan.PulsePeriodSeconds);
            RngAndLinks(scraped, run.Status);
        }

        // Only Alice aligns the stations' time tags, so only she measures the synchronisation.
        Synchronisation(alice, pair.Alice.Log, pair.RunPlan.Board.Profile.TickFrequencyHz);
    }

    /// <summary>Bell value and margin, error rate, trial success rate, key generation rate and key freshness.</summary>
    private static void BellTestAndKeyRate(ScrapedMetrics scraped, IReadOnlyList<BlockSummary> blocks)
    {
        // The metrics follow the blocks that reached the Bell test (a block skipped or cut short has no S).
        var tested = blocks.Where(b => !double.IsNaN(b.Chsh)).ToList();
        var last = tested[^1];
        var keys = tested.Where(b => b.ProducedKey).ToList();
        Assert.Equal(last.Chsh, scraped.Value(MetricNames.ChshValue));
        Assert.Equal(last.ChshLower, scraped.Value(MetricNames.ChshLowerBound));
        Assert.Equal(last.ChshThreshold, scraped.Value(MetricNames.ChshAbortThreshold));
        Assert.Equal(last.ChshMargin, scraped.Value(MetricNames.ChshMargin), Rounding);
        Assert.Equal(tested.Last(b => !double.IsNaN(b.ErrorRate)).ErrorRate, scraped.Value(MetricNames.Qber));

        Assert.Equal(keys.Count, scraped.Value(MetricNames.Blocks, ("result", "key")));
        Assert.Equal(tested.Count - keys.Count, scraped.Value(MetricNames.Blocks, ("result", "aborted")));
        Assert.Equal((double)keys.Count / tested.Count, scraped.Value(MetricNames.TrialSuccessRatio), Rounding);
        Assert.Equal(keys.Sum(b => (long)b.KeyBits), scraped.Value(MetricNames.SecretKeyBits));
        // Key rate: the last block's key bits over the time its rounds took to arrive.
        Assert.Equal(last.ProducedKey ? last.KeyRate : 0, scraped.Value(MetricNames.KeyRate), last.KeyRate * Rounding);
        // Freshness: from a block's cut to its key in the store, once per key.
        Assert.Equal(keys.Count, scraped.Value(MetricNames.KeyFreshness + "_count"));
        Assert.Equal(keys.Sum(b => b.ProcessingTime.TotalSeconds), scraped.Value(MetricNames.KeyFreshness + "_sum"), Rounding);
    }

    /// <summary>Keys verified, committed (as the key store holds them), and integrity failures.</summary>
    private static void KeyIngestionAndIntegrity(ScrapedMetrics scraped, IReadOnlyList<BlockSummary> blocks, string keyStorePath)
    {
        using var store = SqliteKeyStore.Open(keyStorePath);
        var stored = store.CommittedKeys();
        int pending = blocks.Count(b => b.AbortCause == nameof(BlockAbortCause.SettlementPending));
        Assert.Equal(stored.Count, scraped.Value(MetricNames.KeysCommitted));
        Assert.Equal(stored.Sum(k => (long)k.Bits), scraped.Value(MetricNames.SecretKeyBits));
        Assert.Equal(stored.Count + pending, scraped.Value(MetricNames.KeyCommitAttempts));
        Assert.Equal(blocks.Count(b => b.AbortCause == nameof(BlockAbortCause.VerificationFailed)), scraped.Value(MetricNames.KeyVerificationFailures));
        // A tampering counter exists per channel once something was detected; this run detected nothing.
        Assert.Equal(0, scraped.Samples.Where(s => s.Name == MetricNames.TamperingDetected).Sum(s => s.Value));
    }

    /// <summary>Clicks per detector as the archive holds them, and click rates from the board's round period.</summary>
    private static void DetectorClicks(ScrapedMetrics scraped, string archivePath, double roundPeriodSeconds)
    {
        long rounds = 0, singleClicks = 0;
        var clicks = new long[2];
        using (var archive = ArchiveReader.Open(archivePath))
        {
            foreach (var block in archive.Blocks)
            {
                foreach (var batch in archive.ReadBlock(block.BlockId))
                {
                    foreach (byte pattern in batch.Clicks.AsSpan(0, batch.Count))
                    {
                        clicks[0] += pattern & 1;
                        clicks[1] += (pattern >> 1) & 1;
                        singleClicks += pattern is 1 or 2 ? 1 : 0;
                    }
                    rounds += batch.Count;
                }
            }
        }

        Assert.Equal(ArchiveVerifier.Verify(archivePath).Rounds, rounds); // every archived round was counted
        Assert.Equal(clicks[0], scraped.Value(MetricNames.DetectorClicks, ("detector", StationMetrics.Detector0)));
        Assert.Equal(clicks[1], scraped.Value(MetricNames.DetectorClicks, ("detector", StationMetrics.Detector1)));
        // Ideal detectors without dark counts click exactly once per round, so together they click at the round rate.
        Assert.Equal(rounds, singleClicks);
        double rate = scraped.Value(MetricNames.DetectorClickRate, ("detector", StationMetrics.Detector0))
            + scraped.Value(MetricNames.DetectorClickRate, ("detector", StationMetrics.Detector1));
        Assert.Equal(1 / roundPeriodSeconds, rate, rate * Rounding);
        // The saturation limit is 1 / dead time from the configuration, what the alert divides the click rate by.
        double limit = 1e9 / MeteredStationPair.DetectorDeadTimeNanoseconds;
        Assert.Equal(limit, scraped.Value(MetricNames.DetectorMaxClickRate, ("detector", StationMetrics.Detector0)), limit * Rounding);
        Assert.Equal(limit, scraped.Value(MetricNames.DetectorMaxClickRate, ("detector", StationMetrics.Detector1)), limit * Rounding);
    }

    /// <summary>RNG health and the links, as the station's last status shows them.</summary>
    private static void RngAndLinks(ScrapedMetrics scraped, StationStatus status)
    {
        foreach (var state in Enum.GetValues<RngHealth>())
            Assert.Equal(state == status.Board.Rng ? 1 : 0, scraped.Value(MetricNames.RngState, ("state", StationMetrics.Label(state))));
        Assert.Equal(status.Board.RngAlarms, scraped.Samples.Where(s => s.Name == MetricNames.RngAlarms).Sum(s => s.Value));
        Assert.Equal(status.Board.Frames, scraped.Value(MetricNames.BoardFrames));
        Assert.Equal(status.Board.SequenceGaps, scraped.Value(MetricNames.BoardSequenceGaps));
        Assert.Equal(status.Board.Link == LinkPhase.Up ? 1 : 0, scraped.Value(MetricNames.BoardLinkUp));
        Assert.Equal(status.Peer.Link == LinkPhase.Up ? 1 : 0, scraped.Value(MetricNames.PeerLinkUp));
        Assert.Equal(status.Peer.Reconnects, scraped.Value(MetricNames.PeerReconnects));
    }

    /// <summary>The clock fit of the last alignment as Alice logged it (in board ticks, rounded as printed).</summary>
    private static void Synchronisation(ScrapedMetrics scraped, IReadOnlyList<string> log, double tickHz)
    {
        var aligned = log.Select(line => AlignedLine().Match(line)).LastOrDefault(m => m.Success);
        Assert.NotNull(aligned);
        double Logged(string name) => double.Parse(aligned.Groups[name].Value, CultureInfo.InvariantCulture);
        // Two decimals of a tick and three of a ppm are printed: the metric must round to the printed value.
        Assert.Equal(Logged("offset"), scraped.Value(MetricNames.SyncOffset) * tickHz, 0.005 + Rounding);
        Assert.Equal(Logged("drift"), scraped.Value(MetricNames.SyncDrift), 0.0005 + Rounding);
        Assert.Equal(Logged("residual"), scraped.Value(MetricNames.SyncResidual) * tickHz, 0.005 + Rounding);
        Assert.Equal(Logged("window"), scraped.Value(MetricNames.SyncWindow) * tickHz, 0.005 + Rounding);
        Assert.True(scraped.Value(MetricNames.SyncWindow) > 0);
    }

    private static async Task<ScrapedMetrics> ScrapeAsync(MeteredStation station)
    {
        using var client = new HttpClient();
        using var response = await client.GetAsync(station.MetricsAddress);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        return ScrapedMetrics.Parse(await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex(@"aligned: .*clock offset (?<offset>-?[0-9.]+) ticks, drift (?<drift>-?[0-9.]+) ppm, residual (?<residual>-?[0-9.]+) ticks, coincidence window (?<window>-?[0-9.]+) ticks")]
    private static partial Regex AlignedLine();
}
