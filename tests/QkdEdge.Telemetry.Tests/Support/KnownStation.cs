namespace QkdEdge.Telemetry.Tests.Support;

/// <summary>Drives every update call of <see cref="StationMetrics"/> with values the tests know.</summary>
public static class KnownStation
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A block that produced 4096 bits in 8 s, available 1.5 s after it closed.</summary>
    public static readonly BlockReport KeyBlock = new(
        Chsh: 2.70, ChshLowerBound: 2.62, ChshAbortThreshold: 2.50, ErrorRate: 0.031, KeyBits: 4096, AbortReason: null,
        OpenedAt: T0, ClosedAt: T0.AddSeconds(8), KeyAvailableAt: T0.AddSeconds(9.5))
    {
        ReconciliationEfficiency = 1.18,
    };

    /// <summary>A block that aborted on the Bell test before estimating the error rate.</summary>
    public static readonly BlockReport AbortedBlock = new(
        Chsh: 2.40, ChshLowerBound: 2.31, ChshAbortThreshold: 2.50, ErrorRate: double.NaN, KeyBits: 0, AbortReason: "bell",
        OpenedAt: T0.AddSeconds(10), ClosedAt: T0.AddSeconds(18), KeyAvailableAt: null);

    /// <summary>Everything but the blocks, so a test can scrape between the two blocks.</summary>
    public static void DriveAllButBlocks(StationMetrics metrics)
    {
        metrics.ReconciliationPlanned(1.25);
        metrics.KeyCommitAttempted();
        metrics.KeyCommitAttempted();
        metrics.KeyCommitAttempted();
        metrics.KeyCommitted();
        metrics.KeyCommitted();
        metrics.KeyVerificationFailed();
        metrics.TamperingDetected("peer");

        metrics.DetectorLimit("d0", 2e7);
        metrics.DetectorLimit("d1", 2e7);
        metrics.DetectorClicks("d0", 150_000, TimeSpan.FromSeconds(1.5));
        metrics.DetectorClicks("d1", 30_000, TimeSpan.FromSeconds(1.5));

        metrics.SyncMeasured(new SyncReport(OffsetSeconds: 2.5e-9, ResidualSeconds: 1.2e-10, DriftPpm: 0.8, CoincidenceWindowSeconds: 1e-9));
        metrics.RngAlarm("repetition-count");
        metrics.RngStatus(RngHealth.Alarm);

        metrics.FrameCounters(new BoardLinkCounters(Frames: 100, CrcErrors: 3, SequenceGaps: 2, Resyncs: 1, Reconnects: 0));
        metrics.FrameCounters(new BoardLinkCounters(Frames: 150, CrcErrors: 4, SequenceGaps: 2, Resyncs: 1, Reconnects: 1));
        metrics.BoardLinkUp(true);
        metrics.PeerLinkUp(false);
        metrics.PeerReconnected();
        metrics.PeerReconnected();
        metrics.AuthKeyPool(12_288);

        metrics.KeyStoreLevel(65_536, 3);
        metrics.KeysDelivered(SaeRole.Master, 4, 1024);
        metrics.KeysDelivered(SaeRole.Slave, 4, 1024);
        metrics.DeliveryFailed(DeliveryFailure.Unauthorized);
        metrics.DeliveryFailed(DeliveryFailure.InsufficientKey);
        metrics.DeliveryFailed(DeliveryFailure.InsufficientKey);
    }

    public static void DriveAll(StationMetrics metrics)
    {
        DriveAllButBlocks(metrics);
        metrics.BlockFinished(KeyBlock);
        metrics.BlockFinished(AbortedBlock);
    }

    public static async Task<ScrapedMetrics> ExportAsync(StationMetrics metrics)
    {
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream);
        return ScrapedMetrics.Parse(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
