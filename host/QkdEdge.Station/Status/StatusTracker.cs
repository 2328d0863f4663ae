using QkdEdge.Alignment;
using QkdEdge.Ingest;
using QkdEdge.Peer.Authentication;
using QkdEdge.Peer.Session;
using QkdEdge.Protocol.Engine;
using QkdEdge.Station.Lifecycle;
using QkdEdge.Station.Planning;
using QkdEdge.Telemetry;

namespace QkdEdge.Station.Status;

/// <summary>
/// Collects what the station's parts report (ingest thread, block pipeline, lifecycle) and hands out
/// consistent <see cref="StationStatus"/> snapshots; forwards the same facts to the Prometheus metrics when
/// the station has them. Thread-safe.
/// </summary>
public sealed class StatusTracker
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly StationMetrics? _metrics;
    private readonly RateEstimator _rate = new();
    private readonly StationRole _role;
    private readonly PlanStatus _plan;
    private readonly string _port;
    private readonly string _endpoint;

    private StationLifecycle _lifecycle = StationLifecycle.Initial;
    private IngestCounters? _currentReader;
    private IngestCounters _closedReaders = EmptyCounters;
    private string? _firmware;
    private double _tickHz;
    private RngHealth _rng = RngHealth.Startup;
    private long _rngAlarms;
    private long _roundsArchived;
    private long _blocksCut;
    private long _blocksRun;
    private long _keys;
    private long _keyBits;
    private long _aborts;
    private long _skipped;
    private long _collectingIndex = -1;
    private long _collectingRounds;
    private BlockActivity? _processing;
    private BlockSummary? _last;
    private long _peerFramesSent;
    private long _peerFramesReceived;
    private PeerSessionCounters? _session;
    private AuthenticationKeyAccounting? _pool;

    public StatusTracker(StationRole role, BlockPlan plan, string port, string endpoint, StationMetrics? metrics = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _role = role;
        _plan = new PlanStatus(plan.BlockRounds, plan.TestFraction, plan.ExpectedKeyBits, plan.ChshAbortThreshold, plan.Engine.ExpectedChsh, plan.Engine.ExpectedErrorRate);
        _port = port;
        _endpoint = endpoint;
        _metrics = metrics;
        _metrics?.ReconciliationPlanned(plan.ReconciliationEfficiency);
        _time = time ?? TimeProvider.System;
    }

    private static IngestCounters EmptyCounters { get; } = new() { MalformedByReason = [] };

    /// <summary>Raised for every log line (from whichever thread reported it).</summary>
    public event Action<StationLogEntry>? Logged;

    /// <summary>Raised when a block finishes (key or abort).</summary>
    public event Action<BlockSummary>? BlockFinished;

    public void Log(StationLogLevel level, string message) =>
        Logged?.Invoke(new StationLogEntry(_time.GetUtcNow(), level, message));

    public void Lifecycle(StationLifecycle lifecycle)
    {
        lock (_gate)
            _lifecycle = lifecycle;
        _metrics?.BoardLinkUp(lifecycle.Board.Phase == LinkPhase.Up);
        _metrics?.PeerLinkUp(lifecycle.Peer.Phase == LinkPhase.Up);
    }

    /// <summary>The board said hello: its firmware, and the tick rate its time tags count (for the sync metrics).</summary>
    public void BoardConnected(string firmware, double tickHz)
    {
        lock (_gate)
            _firmware = firmware;
        _tickHz = tickHz;
    }

    /// <summary>The current reader's cumulative counters.</summary>
    public void BoardCounters(IngestCounters counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        BoardLinkCounters total;
        lock (_gate)
        {
            _currentReader = counters;
            var sum = Sum(_closedReaders, counters);
            total = new BoardLinkCounters(sum.FramesAccepted, sum.FramesMalformed, sum.SequenceGaps, sum.FramesMalformed, _lifecycle.Board.Reconnects);
        }
        _metrics?.FrameCounters(total);
    }

    /// <summary>The reader of a closed connection: its counts move into the running totals.</summary>
    public void BoardDisconnected()
    {
        lock (_gate)
        {
            if (_currentReader is not null)
                _closedReaders = Sum(_closedReaders, _currentReader);
            _currentReader = null;
        }
    }

    /// <summary>Detector clicks of the rounds archived since the last report, if any.</summary>
    public void DetectorClicks(ClickWindow? window)
    {
        if (window is { } w)
            _metrics?.DetectorClicks(w);
    }

    public void Rng(RngHealth health)
    {
        lock (_gate)
            _rng = health;
        _metrics?.RngStatus(health);
    }

    public void RngAlarm(string test)
    {
        lock (_gate)
        {
            _rng = RngHealth.Alarm;
            _rngAlarms++;
        }
        _metrics?.RngStatus(RngHealth.Alarm);
        _metrics?.RngAlarm(test);
    }

    /// <summary>Rounds archived so far and the open block's index and rounds.</summary>
    public void Collecting(long roundsArchived, long blockIndex, long roundsInBlock)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            _roundsArchived = roundsArchived;
            _collectingIndex = blockIndex;
            _collectingRounds = roundsInBlock;
            _rate.Observe(now, roundsArchived);
        }
    }

    /// <summary>Alice aligned a block: what paired, the clock figures, and how long Bob's copy and the alignment took.</summary>
    public void Aligned(long blockId, AlignmentResult result, TimeSpan waitedForPeer, TimeSpan aligning)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Status != AlignmentStatus.Aligned)
            return;
        var c = System.Globalization.CultureInfo.InvariantCulture;
        Log(StationLogLevel.Info, string.Create(c,
            $"block {blockId} aligned: {result.PairedRounds} pairs, {result.RefusedBobRounds} of Bob's rounds refused, {result.Shifts.Count} index shifts; "
            + $"clock offset {result.Clock?.OffsetTicks ?? double.NaN:F2} ticks, drift {result.Clock?.RateDifferencePpm ?? double.NaN:F3} ppm, "
            + $"residual {result.Clock?.ResidualSigmaTicks ?? double.NaN:F2} ticks, coincidence window {result.ToleranceTicks:F2} ticks; "
            + $"peer's copy in {waitedForPeer.TotalSeconds:F1} s, aligned in {aligning.TotalSeconds:F1} s"));
        if (result.Clock is { } clock && _tickHz > 0)
            _metrics?.SyncMeasured(new SyncReport(clock.OffsetTicks / _tickHz, clock.ResidualSigmaTicks / _tickHz, clock.RateDifferencePpm, result.ToleranceTicks / _tickHz));
    }

    public void BlockCut()
    {
        lock (_gate)
            _blocksCut++;
    }

    public void BlockSkipped(long blockId, string reason)
    {
        lock (_gate)
            _skipped++;
        Log(StationLogLevel.Warning, $"block {blockId} skipped: {reason}");
    }

    public void Processing(long blockId, string stage)
    {
        lock (_gate)
            _processing = _processing?.BlockId == blockId && _processing.Stage == stage ? _processing : new BlockActivity(blockId, stage, _time.GetUtcNow());
    }

    public void ProcessingDone()
    {
        lock (_gate)
            _processing = null;
    }

    /// <summary>A block finished; <paramref name="openedAt"/> and <paramref name="closedAt"/> are its first round's arrival and its cut.</summary>
    public void Finished(BlockSummary summary, DateTimeOffset openedAt, DateTimeOffset closedAt)
    {
        ArgumentNullException.ThrowIfNull(summary);
        lock (_gate)
        {
            _last = summary;
            _blocksRun++;
            if (summary.ProducedKey)
            {
                _keys++;
                _keyBits += summary.KeyBits;
            }
            else
            {
                _aborts++;
            }
        }

        if (_metrics is not null && !double.IsNaN(summary.Chsh))
        {
            _metrics.BlockFinished(new BlockReport(summary.Chsh, summary.ChshLower, summary.ChshThreshold, summary.ErrorRate,
                summary.KeyBits, summary.ProducedKey ? null : summary.AbortCause ?? "no-key", openedAt, closedAt,
                summary.ProducedKey ? summary.FinishedAt : null)
            {
                ReconciliationEfficiency = summary.ReconciliationEfficiency,
            });
            if (summary.ProducedKey || summary.AbortCause == nameof(Protocol.Engine.BlockAbortCause.SettlementPending))
                _metrics.KeyCommitAttempted();
            if (summary.ProducedKey)
                _metrics.KeyCommitted();
            if (summary.AbortCause == nameof(Protocol.Engine.BlockAbortCause.VerificationFailed))
                _metrics.KeyVerificationFailed();
        }

        BlockFinished?.Invoke(summary);
    }

    public void PeerSession(PeerSessionCounters? counters, AuthenticationKeyAccounting? pool)
    {
        lock (_gate)
        {
            if (_session is not null && !ReferenceEquals(_session, counters))
            {
                _peerFramesSent += _session.FramesSent;
                _peerFramesReceived += _session.FramesReceived;
            }
            _session = counters;
            _pool = pool ?? _pool;
        }
        if (pool is not null && _metrics is not null)
            _metrics.AuthKeyPool(Math.Min(pool.AliceToBob.AvailableBits, pool.BobToAlice.AvailableBits));
    }

    public void PeerReconnected() => _metrics?.PeerReconnected();

    public void Tampering(string channel) => _metrics?.TamperingDetected(channel);

    public StationStatus Snapshot()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var board = _currentReader is null ? _closedReaders : Sum(_closedReaders, _currentReader);
            var pool = _pool;
            var (outgoing, incoming) = pool is null ? (null, null) : _role == StationRole.Alice ? (pool.AliceToBob, pool.BobToAlice) : (pool.BobToAlice, pool.AliceToBob);
            double rate = _rate.PerSecond;
            BlockProgress? collecting = _collectingIndex < 0 || _lifecycle.IsFinished ? null : new BlockProgress(
                _collectingIndex, _collectingRounds, _plan.BlockRounds, rate,
                rate > 0 ? TimeSpan.FromSeconds(Math.Max(0, _plan.BlockRounds - _collectingRounds) / rate) : null);
            return new StationStatus
            {
                Role = _role,
                Phase = _lifecycle.Phase,
                At = now,
                Board = new BoardStatus(_lifecycle.Board.Phase, _port, _firmware, board.FramesAccepted, board.FramesMalformed, board.SequenceGaps,
                    board.RoundsLost, board.BoardResets, _lifecycle.Board.Reconnects, _rng, _rngAlarms, _lifecycle.Board.LastError),
                Peer = new PeerStatus(_lifecycle.Peer.Phase, _endpoint, _lifecycle.Peer.Reconnects,
                    _peerFramesSent + (_session?.FramesSent ?? 0), _peerFramesReceived + (_session?.FramesReceived ?? 0),
                    outgoing?.AvailableBits ?? 0, incoming?.AvailableBits ?? 0,
                    pool is null ? 0 : pool.AliceToBob.SpentBits + pool.BobToAlice.SpentBits, pool?.DepositedBits ?? 0, _lifecycle.Peer.LastError),
                Plan = _plan,
                Collecting = collecting,
                Processing = _processing,
                LastBlock = _last,
                Totals = new StationTotals(_roundsArchived, _blocksCut, _blocksRun, _keys, _keyBits, _aborts, _skipped),
                Failure = _lifecycle.Failure,
            };
        }
    }

    private static IngestCounters Sum(IngestCounters a, IngestCounters b) => new()
    {
        BytesRead = a.BytesRead + b.BytesRead,
        BytesDiscarded = a.BytesDiscarded + b.BytesDiscarded,
        FramesAccepted = a.FramesAccepted + b.FramesAccepted,
        FramesMalformed = a.FramesMalformed + b.FramesMalformed,
        MalformedByReason = [],
        FramesLost = a.FramesLost + b.FramesLost,
        SequenceGaps = a.SequenceGaps + b.SequenceGaps,
        DuplicateFrames = a.DuplicateFrames + b.DuplicateFrames,
        BoardResets = a.BoardResets + b.BoardResets,
        RoundsDelivered = a.RoundsDelivered + b.RoundsDelivered,
        RoundsLost = a.RoundsLost + b.RoundsLost,
        RoundGaps = a.RoundGaps + b.RoundGaps,
    };
}
