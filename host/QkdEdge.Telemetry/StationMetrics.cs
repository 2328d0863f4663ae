using Prometheus;

namespace QkdEdge.Telemetry;

/// <summary>
/// The station's metrics and the calls that update them. Each station gets its own
/// <see cref="CollectorRegistry"/> with a constant <c>station</c> label, so two stations in one
/// process (the demo, the tests) never share a series. All members are thread-safe.
/// </summary>
public sealed class StationMetrics
{
    /// <summary>
    /// Block close to key committed spans error correction, verification and privacy amplification,
    /// with peer round trips between them: from fractions of a second on loopback to minutes for
    /// large blocks over a slow link.
    /// </summary>
    private static readonly double[] FreshnessBuckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    private readonly Gauge _chsh, _chshLower, _chshThreshold, _chshMargin, _qber, _reconciliationEfficiency, _plannedEfficiency, _trialSuccess, _keyRate;
    private readonly Counter _blocks, _blockAborts, _secretBits;
    private readonly Histogram _freshness;
    private readonly Counter _commitAttempts, _committed, _verificationFailures, _tampering;
    private readonly Counter _detectorClicks;
    private readonly Gauge _detectorRate, _detectorMaxRate;
    private readonly Gauge _syncOffset, _syncResidual, _syncDrift, _syncWindow;
    private readonly Gauge _rngState;
    private readonly Counter _rngAlarms;
    private readonly Gauge _boardUp, _peerUp, _authPool, _storeBits, _storeBlocks;
    private readonly Counter _frames, _crcErrors, _gaps, _resyncs, _boardReconnects, _peerReconnects;
    private readonly Counter _delivered, _deliveredBits, _deliveryFailures;

    private readonly Lock _gate = new();
    private long _blocksFinished, _blocksWithKey;
    private BoardLinkCounters _lastBoard = new(0, 0, 0, 0, 0);

    /// <summary>Creates the metrics in <paramref name="registry"/>, which must be this station's alone.</summary>
    public StationMetrics(CollectorRegistry registry, string station)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentException.ThrowIfNullOrWhiteSpace(station);
        Registry = registry;
        Station = station;
        var factory = Metrics.WithCustomRegistry(registry).WithLabels(new Dictionary<string, string> { ["station"] = station });

        _chsh = factory.CreateGauge(MetricNames.ChshValue, "Observed CHSH value S of the last finished block.");
        _chshLower = factory.CreateGauge(MetricNames.ChshLowerBound, "Lower confidence bound on S of the last finished block.");
        _chshThreshold = factory.CreateGauge(MetricNames.ChshAbortThreshold, "S below which the protocol aborts, from the security analysis.");
        _chshMargin = factory.CreateGauge(MetricNames.ChshMargin, "Observed S minus the abort threshold, last finished block.");
        _reconciliationEfficiency = factory.CreateGauge(MetricNames.ReconciliationEfficiency,
            "Error correction's disclosed bits over the raw key's Shannon limit n h(Q), last block that ran it (1 is the limit).");
        _plannedEfficiency = factory.CreateGauge(MetricNames.ReconciliationPlannedEfficiency,
            "The reconciliation efficiency f the block plan was sized with (the calibrated value, never below the configured floor).");
        _qber = factory.CreateGauge(MetricNames.Qber, "Error rate between the stations' key-round outcomes, last block that estimated it.");
        _blocks = factory.CreateCounter(MetricNames.Blocks, "Finished blocks by result (key or aborted).", ["result"]);
        _blockAborts = factory.CreateCounter(MetricNames.BlockAborts, "Aborted blocks by abort reason.", ["reason"]);
        _trialSuccess = factory.CreateGauge(MetricNames.TrialSuccessRatio, "Blocks that produced key divided by finished blocks, since the station started.");
        _secretBits = factory.CreateCounter(MetricNames.SecretKeyBits, "Final (secret) key bits produced.");
        _keyRate = factory.CreateGauge(MetricNames.KeyRate, "Final key bits of the last block divided by the block's duration.");
        _freshness = factory.CreateHistogram(MetricNames.KeyFreshness, "Time from a block's last round to its key being available for delivery.",
            new HistogramConfiguration { Buckets = FreshnessBuckets });

        _commitAttempts = factory.CreateCounter(MetricNames.KeyCommitAttempts, "Keys this station verified and tried to commit with the peer.");
        _committed = factory.CreateCounter(MetricNames.KeysCommitted, "Keys committed in the store after both stations verified them.");
        _verificationFailures = factory.CreateCounter(MetricNames.KeyVerificationFailures, "Blocks whose corrected keys failed the verification hash.");
        _tampering = factory.CreateCounter(MetricNames.TamperingDetected, "Integrity violations detected, by channel (peer message authentication, archive hash chain, frames).", ["channel"]);

        _detectorClicks = factory.CreateCounter(MetricNames.DetectorClicks, "Detector clicks, by detector.", ["detector"]);
        _detectorRate = factory.CreateGauge(MetricNames.DetectorClickRate, "Click rate over the last reported window, by detector.", ["detector"]);
        _detectorMaxRate = factory.CreateGauge(MetricNames.DetectorMaxClickRate, "Highest click rate the detector resolves (1 / dead time), by detector.", ["detector"]);

        _syncOffset = factory.CreateGauge(MetricNames.SyncOffset, "Clock offset between the stations' time tags found by the alignment.");
        _syncResidual = factory.CreateGauge(MetricNames.SyncResidual, "RMS residual of matched events after the alignment fit.");
        _syncDrift = factory.CreateGauge(MetricNames.SyncDrift, "Relative clock drift between the stations in parts per million.");
        _syncWindow = factory.CreateGauge(MetricNames.SyncWindow, "Coincidence window in which two events count as one round.");

        _rngState = factory.CreateGauge(MetricNames.RngState, "Board RNG health state: 1 for the current state, 0 for the others.", ["state"]);
        _rngAlarms = factory.CreateCounter(MetricNames.RngAlarms, "Board RNG health-test alarms, by test.", ["test"]);

        _boardUp = factory.CreateGauge(MetricNames.BoardLinkUp, "1 while the board's serial link delivers frames, else 0.");
        _frames = factory.CreateCounter(MetricNames.BoardFrames, "Frames received from the board with a valid CRC.");
        _crcErrors = factory.CreateCounter(MetricNames.BoardCrcErrors, "Frames from the board dropped for a bad CRC.");
        _gaps = factory.CreateCounter(MetricNames.BoardSequenceGaps, "Gaps in the board's frame sequence numbers.");
        _resyncs = factory.CreateCounter(MetricNames.BoardResyncs, "Times the frame reader resynchronised on a frame delimiter.");
        _boardReconnects = factory.CreateCounter(MetricNames.BoardReconnects, "Times the serial link to the board was reopened.");
        _peerUp = factory.CreateGauge(MetricNames.PeerLinkUp, "1 while the authenticated session with the peer station is up, else 0.");
        _peerReconnects = factory.CreateCounter(MetricNames.PeerReconnects, "Times the peer session was re-established.");
        _authPool = factory.CreateGauge(MetricNames.AuthKeyPoolBits, "Key bits left in the pool that authenticates the peer channel.");

        _storeBits = factory.CreateGauge(MetricNames.KeyStoreAvailableBits, "Committed key bits not yet delivered to applications.");
        _storeBlocks = factory.CreateGauge(MetricNames.KeyStoreBlocks, "Committed blocks the delivery ledger can draw from.");
        _delivered = factory.CreateCounter(MetricNames.KeysDelivered, "Keys delivered to applications, by SAE role.", ["role"]);
        _deliveredBits = factory.CreateCounter(MetricNames.DeliveredKeyBits, "Key bits delivered to applications, by SAE role.", ["role"]);
        _deliveryFailures = factory.CreateCounter(MetricNames.KeyDeliveryFailures, "Refused key delivery requests, by reason.", ["reason"]);

        // Publish the fixed label sets at zero, so rates and alerts see a series before the first event.
        _blocks.WithLabels("key");
        _blocks.WithLabels("aborted");
        foreach (var role in Enum.GetValues<SaeRole>())
        {
            _delivered.WithLabels(Label(role));
            _deliveredBits.WithLabels(Label(role));
        }
        foreach (var failure in Enum.GetValues<DeliveryFailure>())
            _deliveryFailures.WithLabels(Label(failure));
        RngStatus(RngHealth.Startup);
    }

    /// <summary>A station's metrics in a registry of their own.</summary>
    public static StationMetrics Create(string station) => new(Metrics.NewCustomRegistry(), station);

    public CollectorRegistry Registry { get; }
    public string Station { get; }

    /// <summary>A block finished: Bell value and margin, error rate, outcome, key rate and freshness.</summary>
    public void BlockFinished(BlockReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _chsh.Set(report.Chsh);
        _chshLower.Set(report.ChshLowerBound);
        _chshThreshold.Set(report.ChshAbortThreshold);
        _chshMargin.Set(report.Chsh - report.ChshAbortThreshold);
        if (!double.IsNaN(report.ErrorRate))
            _qber.Set(report.ErrorRate);
        if (!double.IsNaN(report.ReconciliationEfficiency))
            _reconciliationEfficiency.Set(report.ReconciliationEfficiency);

        var duration = (report.ClosedAt - report.OpenedAt).TotalSeconds;
        if (report.ProducedKey)
        {
            _blocks.WithLabels("key").Inc();
            _secretBits.Inc(report.KeyBits);
            if (duration > 0)
                _keyRate.Set(report.KeyBits / duration);
            if (report.KeyAvailableAt is { } available)
                _freshness.Observe(Math.Max(0, (available - report.ClosedAt).TotalSeconds));
        }
        else
        {
            _blocks.WithLabels("aborted").Inc();
            _blockAborts.WithLabels(report.AbortReason ?? "no-key").Inc();
            _keyRate.Set(0);
        }

        lock (_gate)
        {
            _blocksFinished++;
            if (report.ProducedKey)
                _blocksWithKey++;
            _trialSuccess.Set((double)_blocksWithKey / _blocksFinished);
        }
    }

    /// <summary>This station verified a block's key and asked the peer to commit it.</summary>
    public void KeyCommitAttempted() => _commitAttempts.Inc();

    /// <summary>The efficiency f the station's block plan assumed, to compare each block's with.</summary>
    public void ReconciliationPlanned(double efficiency) => _plannedEfficiency.Set(efficiency);

    /// <summary>Both stations verified the key and it is committed in the store.</summary>
    public void KeyCommitted() => _committed.Inc();

    /// <summary>A block's corrected key failed the verification hash (the block yields no key).</summary>
    public void KeyVerificationFailed() => _verificationFailures.Inc();

    /// <summary>An integrity check failed on <paramref name="channel"/> (e.g. "peer", "archive").</summary>
    public void TamperingDetected(string channel)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        _tampering.WithLabels(channel).Inc();
    }

    /// <summary>Highest click rate <paramref name="detector"/> resolves, from the board profile (1 / dead time).</summary>
    public void DetectorLimit(string detector, double maxClickRateHz)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(detector);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxClickRateHz);
        _detectorMaxRate.WithLabels(detector).Set(maxClickRateHz);
    }

    /// <summary><paramref name="clicks"/> clicks on <paramref name="detector"/> during <paramref name="window"/>.</summary>
    public void DetectorClicks(string detector, long clicks, TimeSpan window)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(detector);
        ArgumentOutOfRangeException.ThrowIfNegative(clicks);
        if (window <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(window), "The counting window must be positive.");
        _detectorClicks.WithLabels(detector).Inc(clicks);
        _detectorRate.WithLabels(detector).Set(clicks / window.TotalSeconds);
    }

    /// <summary>Clicks of both detectors (labels d0 and d1) over a window of board time.</summary>
    public void DetectorClicks(ClickWindow window)
    {
        if (!(window.Seconds > 0))
            throw new ArgumentOutOfRangeException(nameof(window), "The counting window must be positive.");
        ArgumentOutOfRangeException.ThrowIfNegative(window.Detector0);
        ArgumentOutOfRangeException.ThrowIfNegative(window.Detector1);
        _detectorClicks.WithLabels(Detector0).Inc(window.Detector0);
        _detectorClicks.WithLabels(Detector1).Inc(window.Detector1);
        _detectorRate.WithLabels(Detector0).Set(window.Detector0 / window.Seconds);
        _detectorRate.WithLabels(Detector1).Set(window.Detector1 / window.Seconds);
    }

    public void SyncMeasured(SyncReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _syncOffset.Set(report.OffsetSeconds);
        _syncResidual.Set(report.ResidualSeconds);
        _syncDrift.Set(report.DriftPpm);
        _syncWindow.Set(report.CoincidenceWindowSeconds);
    }

    public void RngStatus(RngHealth health)
    {
        foreach (var state in Enum.GetValues<RngHealth>())
            _rngState.WithLabels(Label(state)).Set(state == health ? 1 : 0);
    }

    /// <summary>The board reported a failed RNG health test (e.g. "repetition-count", "adaptive-proportion").</summary>
    public void RngAlarm(string test)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(test);
        _rngAlarms.WithLabels(test).Inc();
    }

    /// <summary>The frame reader's cumulative counters; call as often as convenient.</summary>
    public void FrameCounters(BoardLinkCounters counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        lock (_gate)
        {
            Advance(_frames, _lastBoard.Frames, counters.Frames);
            Advance(_crcErrors, _lastBoard.CrcErrors, counters.CrcErrors);
            Advance(_gaps, _lastBoard.SequenceGaps, counters.SequenceGaps);
            Advance(_resyncs, _lastBoard.Resyncs, counters.Resyncs);
            Advance(_boardReconnects, _lastBoard.Reconnects, counters.Reconnects);
            _lastBoard = counters;
        }
    }

    public void BoardLinkUp(bool up) => _boardUp.Set(up ? 1 : 0);

    public void PeerLinkUp(bool up) => _peerUp.Set(up ? 1 : 0);

    public void PeerReconnected() => _peerReconnects.Inc();

    public void AuthKeyPool(long bits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bits);
        _authPool.Set(bits);
    }

    /// <summary>Committed, undelivered key in the store.</summary>
    public void KeyStoreLevel(long availableBits, int blocks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(availableBits);
        ArgumentOutOfRangeException.ThrowIfNegative(blocks);
        _storeBits.Set(availableBits);
        _storeBlocks.Set(blocks);
    }

    public void KeysDelivered(SaeRole role, int keys, long bits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keys);
        ArgumentOutOfRangeException.ThrowIfNegative(bits);
        _delivered.WithLabels(Label(role)).Inc(keys);
        _deliveredBits.WithLabels(Label(role)).Inc(bits);
    }

    public void DeliveryFailed(DeliveryFailure failure) => _deliveryFailures.WithLabels(Label(failure)).Inc();

    /// <summary>Label values of a station's two detectors.</summary>
    public const string Detector0 = "d0", Detector1 = "d1";

    public static string Label(SaeRole role) => role switch
    {
        SaeRole.Master => "master",
        SaeRole.Slave => "slave",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static string Label(DeliveryFailure failure) => failure switch
    {
        DeliveryFailure.Unauthorized => "unauthorized",
        DeliveryFailure.BadRequest => "bad_request",
        DeliveryFailure.KeyNotFound => "key_not_found",
        DeliveryFailure.InsufficientKey => "insufficient_key",
        DeliveryFailure.ServerError => "server_error",
        _ => throw new ArgumentOutOfRangeException(nameof(failure)),
    };

    public static string Label(RngHealth health) => health switch
    {
        RngHealth.Startup => "startup",
        RngHealth.Ok => "ok",
        RngHealth.Alarm => "alarm",
        _ => throw new ArgumentOutOfRangeException(nameof(health)),
    };

    /// <summary>Counts since the last report; a smaller count means the reader started over from zero.</summary>
    private static void Advance(Counter counter, long previous, long current)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(current);
        counter.Inc(current >= previous ? current - previous : current);
    }
}
