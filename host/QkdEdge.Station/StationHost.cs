using System.Net.Sockets;
using System.Threading.Channels;
using QkdEdge.KeyStore;
using QkdEdge.Peer.Authentication;
using QkdEdge.Peer.Session;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Engine;
using QkdEdge.Station.Blocks;
using QkdEdge.Station.Board;
using QkdEdge.Station.Configuration;
using QkdEdge.Station.Lifecycle;
using QkdEdge.Station.Peer;
using QkdEdge.Station.Pipeline;
using QkdEdge.Station.Planning;
using QkdEdge.Station.Status;
using QkdEdge.Telemetry;

namespace QkdEdge.Station;

/// <summary>
/// The long-running station: carries out what <see cref="StationLifecycle"/> decides. The board link runs on
/// its own thread (connect, configure, start, archive every round, cut blocks); the peer link runs the
/// authenticated session and the block pipeline; a failed link is reconnected with backoff. A stop lets the
/// block under way finish (within <see cref="StationParts.StopGrace"/>), opens no new one, ends the session
/// with a bye, stops reading the board (and stops the board itself if configured to), then seals the
/// archive and flushes the key store and the authentication key pool.
/// </summary>
public sealed class StationHost
{
    private readonly StationOptions _options;
    private readonly BlockPlan _plan;
    private readonly StationParts _parts;
    private readonly ProtocolDescription _protocol = Protocols.ChshVaziraniVidick;
    private readonly Channel<LifecycleEvent> _events = Channel.CreateUnbounded<LifecycleEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly BlockQueue _queue;
    private readonly AlignmentState _alignment = new();
    private readonly CancellationTokenSource _boardStopping = new();
    private readonly CancellationTokenSource _peerStopping = new();
    private readonly CancellationTokenSource _peerAbort = new();
    private readonly List<Task> _linkTasks = [];
    private StationLifecycle _lifecycle = StationLifecycle.Initial;
    private ArchiveSink? _sink;
    private SqliteKeyStore? _store;
    private AuthenticationKeyPool? _pool;
    private AuthenticationReplenishment? _replenishment;
    private IBoardConnection? _boardConnection;
    private int _started;
    private CancellationToken _stop;

    public StationHost(StationOptions options, BlockPlan plan, StationParts parts)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(parts);
        _options = options;
        _plan = plan;
        _parts = parts;
        _queue = new BlockQueue(BlockQueue.CapacityFor(plan.BlockRounds));
        Status = new StatusTracker(options.Role, plan, parts.Board.Description, parts.Peer.Description, parts.Metrics, parts.Time);
        if (options.Board.DetectorMaxClickRateHz is double maxClickRate)
        {
            parts.Metrics?.DetectorLimit(StationMetrics.Detector0, maxClickRate);
            parts.Metrics?.DetectorLimit(StationMetrics.Detector1, maxClickRate);
        }

        _queue.Dropped += (block, why) => Status.BlockSkipped(block.Descriptor.BlockId, why);
    }

    public StatusTracker Status { get; }

    public StationRole Role => _options.Role;

    public string KeyStorePath => _options.KeyStorePath;

    public string ArchivePath => _options.ArchivePath;

    /// <summary>
    /// Runs until <paramref name="stop"/> is cancelled (then stops cleanly and returns) or a link fails for
    /// good. Throws <see cref="StationStartException"/> only for a station that cannot start at all (unusable
    /// data directory or key material).
    /// </summary>
    public async Task<StationRunResult> RunAsync(CancellationToken stop)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
            throw new InvalidOperationException("A station runs once; create another for another run.");
        _stop = stop;
        Open();
        using var registration = stop.Register(() => Post(new LifecycleEvent.StopRequested()));
        Post(new LifecycleEvent.Start());
        LifecycleCommand.Finish? finish = null;
        try
        {
            await foreach (var e in _events.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                var (next, commands) = _lifecycle.Apply(e, _options.Reconnect);
                Report(_lifecycle, next, e);
                Volatile.Write(ref _lifecycle, next);
                Status.Lifecycle(next);
                foreach (var command in commands)
                {
                    if (command is LifecycleCommand.Finish f)
                        finish = f;
                    else
                        Execute(command);
                }

                if (finish is not null)
                    break;
            }
        }
        finally
        {
            _events.Writer.TryComplete();
            await CloseAsync().ConfigureAwait(false);
        }

        return new StationRunResult(finish?.Failed ?? false, finish?.Reason, Status.Snapshot());
    }

    private void Open()
    {
        try
        {
            Directory.CreateDirectory(_options.DataDirectory);
            _pool = OpenPool();
            _store = SqliteKeyStore.Open(_options.KeyStorePath);
            _store.AuthenticationReserveBytes = _options.Peer.AuthenticationReplenishBytes;
            _replenishment = new AuthenticationReplenishment(_store, _pool);
            // Keys committed before a crash, whose shares never reached the pool, go there now (not yet active).
            _replenishment.DepositCommitted();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException or Microsoft.Data.Sqlite.SqliteException)
        {
            _pool?.Dispose();
            throw new StationStartException($"The data directory {_options.DataDirectory} cannot be used: {ex.Message}", ex);
        }

        _sink = new ArchiveSink(_options.ArchivePath, AlphabetOf(_options.Role), _plan.BlockRounds, OnBlockCut, _parts.Time);
        Status.PeerSession(null, _pool.Accounting);
    }

    private AuthenticationKeyPool OpenPool()
    {
        string directory = _options.AuthenticationPoolDirectory;
        if (File.Exists(Path.Combine(directory, "state.bin")))
            return AuthenticationKeyPool.Open(directory);
        if (_options.Peer.PreSharedKeyPath is not string secret)
            throw new StationStartException($"No authentication key pool in {directory} and no pre-shared key (peer:preSharedKey) to create one from.");
        return AuthenticationKeyPool.CreateFromSecretFile(secret, directory);
    }

    private int AlphabetOf(StationRole role) => role == StationRole.Alice ? _protocol.AliceInputs : _protocol.BobInputs;

    private void OnBlockCut(ClosedBlock block)
    {
        Status.BlockCut();
        // A stopping station opens no more blocks: what is cut now (the block the stop cut short, or one that
        // completed meanwhile) stays in the archive only.
        if (!_stop.IsCancellationRequested)
            _queue.Add(block);
    }

    private void Post(LifecycleEvent e) => _events.Writer.TryWrite(e);

    private void Execute(LifecycleCommand command)
    {
        // Connections come and go for as long as the station runs; only the live ones need awaiting at the end.
        _linkTasks.RemoveAll(task => task.IsCompleted);
        switch (command)
        {
            case LifecycleCommand.Connect { Link: StationLink.Board }:
                _linkTasks.Add(Task.Factory.StartNew(RunBoardLink, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
                break;
            case LifecycleCommand.Connect { Link: StationLink.Peer }:
                _linkTasks.Add(Task.Run(RunPeerLinkAsync));
                break;
            case LifecycleCommand.ScheduleRetry retry:
                _ = DelayThenAsync(retry.Delay, new LifecycleEvent.RetryDue(retry.Link));
                break;
            case LifecycleCommand.Close { Link: StationLink.Board }:
                _boardStopping.Cancel();
                // A board that stays silent leaves the ingest thread in a blocking read: release it after the grace.
                _ = AfterGraceAsync(() => Volatile.Read(ref _boardConnection)?.Interrupt());
                break;
            case LifecycleCommand.Close { Link: StationLink.Peer }:
                _peerStopping.Cancel();
                _ = AfterGraceAsync(_peerAbort.Cancel);
                break;
        }
    }

    private async Task DelayThenAsync(TimeSpan delay, LifecycleEvent e)
    {
        await Task.Delay(delay, _parts.Time).ConfigureAwait(false);
        Post(e);
    }

    private async Task AfterGraceAsync(Action action)
    {
        await Task.Delay(_parts.StopGrace, _parts.Time).ConfigureAwait(false);
        if (!_lifecycle.IsFinished)
            action();
    }

    /// <summary>One board connection, start to end, on the ingest thread.</summary>
    private void RunBoardLink()
    {
        var ingest = new BoardIngest(_options.Board, _options.Role, AlphabetOf(_options.Role), _sink!, Status);
        bool up = false;
        try
        {
            if (_boardStopping.IsCancellationRequested)
            {
                Post(new LifecycleEvent.Closed(StationLink.Board));
                return;
            }

            using var connection = Connect();
            Volatile.Write(ref _boardConnection, connection);
            ingest.Run(connection, () =>
            {
                up = true;
                Post(new LifecycleEvent.Connected(StationLink.Board));
            }, _boardStopping.Token);
            Post(new LifecycleEvent.Closed(StationLink.Board));
        }
        catch (BoardLinkException ex)
        {
            Post(new LifecycleEvent.Disconnected(StationLink.Board, ex.Message, ex.Retryable));
        }
        catch (Exception ex) when (_boardStopping.IsCancellationRequested)
        {
            Status.Log(StationLogLevel.Warning, $"board link closed while stopping: {ex.Message}");
            Post(new LifecycleEvent.Closed(StationLink.Board));
        }
        catch (Exception ex)
        {
            // Not a link failure: a bug or an archive that refuses the rounds. Retrying would repeat it.
            Post(new LifecycleEvent.Disconnected(StationLink.Board, $"{(up ? "ingest" : "board start-up")} failed: {ex.Message}", Retryable: false));
        }
        finally
        {
            Volatile.Write(ref _boardConnection, null);
        }
    }

    private IBoardConnection Connect()
    {
        try
        {
            return _parts.Board.Connect();
        }
        catch (Ingest.WireSessionException ex)
        {
            throw new BoardLinkException(ex.Message, ex.Failure is not Ingest.WireSessionFailure.VersionMismatch, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BoardLinkException($"Could not open {_parts.Board.Description}: {ex.Message}", retryable: true, ex);
        }
    }

    /// <summary>One peer session, handshake to end, with blocks run in between.</summary>
    private async Task RunPeerLinkAsync()
    {
        PeerSession? session = null;
        try
        {
            session = await OpenSessionAsync().ConfigureAwait(false);
            if (_lifecycle.Peer.Connections > 0)
                Status.PeerReconnected();
            Post(new LifecycleEvent.Connected(StationLink.Peer));
            var messages = new PeerMessages(session);
            await SettleAsync(messages).ConfigureAwait(false);
            var pipeline = new BlockPipeline(_options.Role, AlphabetOf(_options.Role), messages, _parts.Engine(_store!, _plan), _plan, _queue, _alignment, Status,
                _options.Peer.ReceiveTimeout, _options.Board.RoundPeriodTicks, KeyBlockPrefix, _parts.Time, _replenishment);
            // The timer outlives the assignment of null to session below, so it reads a copy that stays set.
            var live = session;
            await using var counters = new Timer(_ => Status.PeerSession(live.Counters, _pool!.Accounting), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(250));
            // A stop asked for from outside must keep the pipeline from opening another block at once, before the
            // lifecycle gets round to closing the link: the block under way is finished, no new one begun.
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(_peerStopping.Token, _stop);
            await pipeline.RunAsync(stopping.Token, _peerAbort.Token).ConfigureAwait(false);
            await CloseSessionAsync(session).ConfigureAwait(false);
            session = null;
            // The outside stop can end the pipeline before the lifecycle has asked this link to close; report
            // the link closed only once it has, or the lifecycle would take it for a link that is still up.
            await WhenCancelledAsync(_peerStopping.Token).ConfigureAwait(false);
            Post(new LifecycleEvent.Closed(StationLink.Peer));
        }
        catch (Exception ex) when (_peerStopping.IsCancellationRequested && ex is OperationCanceledException or PeerLostException or PeerSessionBrokenException or IOException or SocketException)
        {
            Post(new LifecycleEvent.Closed(StationLink.Peer));
        }
        catch (PeerLostException ex)
        {
            Post(new LifecycleEvent.Disconnected(StationLink.Peer, ex.Message, ex.Retryable));
        }
        catch (PeerSessionBrokenException ex)
        {
            if (PeerMessages.IsTampering(ex.Reason))
                Status.Tampering("peer");
            Post(new LifecycleEvent.Disconnected(StationLink.Peer, ex.Message, ex.Reason is not (PeerBreakReason.VersionMismatch or PeerBreakReason.HandshakeFailed)));
        }
        catch (AuthenticationKeyExhaustedException ex)
        {
            Post(new LifecycleEvent.Disconnected(StationLink.Peer, $"authentication key pool exhausted: {ex.Message}", Retryable: false));
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            Post(new LifecycleEvent.Disconnected(StationLink.Peer, $"peer connection failed: {ex.Message}", Retryable: true));
        }
        catch (Exception ex)
        {
            Post(new LifecycleEvent.Disconnected(StationLink.Peer, $"peer link failed: {ex.Message}", Retryable: false));
        }
        finally
        {
            if (session is not null)
                await CloseSessionAsync(session).ConfigureAwait(false);
            if (_pool is not null)
                Status.PeerSession(null, _pool.Accounting);
        }
    }

    private static async Task WhenCancelledAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The point of the wait.
        }
    }

    private async Task<PeerSession> OpenSessionAsync()
    {
        var transport = await _parts.Peer.ConnectAsync(_peerStopping.Token).ConfigureAwait(false);
        var own = OwnHello();
        var options = new PeerSessionOptions
        {
            Role = _options.Role == StationRole.Alice ? PeerRole.Alice : PeerRole.Bob,
            StationId = _sink?.Writer?.Header.StationId ?? 0,
            KeyPool = _pool!,
            NextBlockId = _sink?.Writer?.BlocksCut ?? 0,
            HelloParameters = own.Encode(),
            // The station bounds each receive itself: between blocks the wait is as long as a block takes.
            ReceiveTimeout = Timeout.InfiniteTimeSpan,
        };
        using var handshake = CancellationTokenSource.CreateLinkedTokenSource(_peerStopping.Token);
        handshake.CancelAfter(_options.Peer.ReceiveTimeout);
        PeerSession session;
        try
        {
            session = transport.Dialled
                ? await PeerSession.ConnectAsync(transport.Stream, options, handshake.Token).ConfigureAwait(false)
                : await PeerSession.AcceptAsync(transport.Stream, options, handshake.Token).ConfigureAwait(false);
        }
        catch (PeerSessionBrokenException ex) when (ex.Reason == PeerBreakReason.Cancelled && !_peerStopping.IsCancellationRequested)
        {
            throw new PeerLostException($"the peer did not complete the handshake within {_options.Peer.ReceiveTimeout.TotalSeconds:0} s");
        }

        HelloParameters peer;
        try
        {
            peer = HelloParameters.Decode(session.Peer.Parameters);
        }
        catch (FormatException ex)
        {
            await CloseSessionAsync(session).ConfigureAwait(false);
            throw new PeerLostException($"the peer's hello: {ex.Message}", retryable: false);
        }

        if (own.Disagreement(peer) is string disagreement)
        {
            await CloseSessionAsync(session).ConfigureAwait(false);
            throw new PeerLostException($"the stations run different plans: {disagreement}. Configure both alike.", retryable: false);
        }

        string peerName = session.Peer.StationId == 0 ? $"{session.Peer.Role}" : $"{session.Peer.Role} (station {session.Peer.StationId})";
        Status.Log(StationLogLevel.Info, $"peer session up with {peerName} via {_parts.Peer.Description}");
        return session;
    }

    private HelloParameters OwnHello() => new(_protocol.Name, _plan.BlockRounds, _plan.TestFraction, _plan.Engine.ExpectedChsh,
        _plan.Engine.ExpectedErrorRate, _options.Protocol.Soundness, _options.Peer.AuthenticationReplenishBytes);

    private async Task SettleAsync(PeerMessages messages)
    {
        var decisions = await SessionSettlement.RunAsync(_options.Role, messages, _store!, _options.Peer.ReceiveTimeout, _peerAbort.Token,
            _replenishment).ConfigureAwait(false);
        foreach (var (id, commit) in decisions)
        {
            Status.Log(commit ? StationLogLevel.Info : StationLogLevel.Warning, commit
                ? $"key of block {id}: staged when the last session broke, committed by both stations now"
                : $"key of block {id}: staged when the last session broke, never committed by the peer; discarded");
        }
    }

    private static async Task CloseSessionAsync(PeerSession session)
    {
        try
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            // The transport is already gone; the bye could not be sent, which the peer sees as a lost connection.
        }
    }

    private string KeyBlockPrefix() => (_sink?.ArchiveId ?? throw new InvalidOperationException("No archive yet.")).ToString("N")[..8];

    private async Task CloseAsync()
    {
        _boardStopping.Cancel();
        _peerStopping.Cancel();
        _peerAbort.Cancel();
        Volatile.Read(ref _boardConnection)?.Interrupt();
        await Task.WhenAll(_linkTasks).ConfigureAwait(false);

        // Every link task has ended: nothing else touches the archive, the store or the pool now.
        bool archived = _sink?.Writer is not null;
        try
        {
            _sink?.EndRun();
        }
        finally
        {
            _sink?.Dispose();
            _store?.Dispose();
            _pool?.Dispose();
            await _parts.Peer.DisposeAsync().ConfigureAwait(false);
        }

        Status.Log(StationLogLevel.Info, archived
            ? "stopped: archive sealed, key store and authentication key pool flushed"
            : "stopped: key store and authentication key pool flushed (no board attached, so no archive)");
    }

    private void Report(StationLifecycle before, StationLifecycle after, LifecycleEvent e)
    {
        foreach (var link in new[] { StationLink.Board, StationLink.Peer })
        {
            var was = before[link];
            var now = after[link];
            if (was.Phase == now.Phase)
                continue;
            string name = link == StationLink.Board ? $"board link ({_parts.Board.Description})" : $"peer link ({_parts.Peer.Description})";
            switch (now.Phase)
            {
                case LinkPhase.Up:
                    Status.Log(StationLogLevel.Info, now.Connections > 1 ? $"{name} up again (reconnect {now.Reconnects})" : $"{name} up");
                    break;
                case LinkPhase.WaitingToRetry when e is LifecycleEvent.Disconnected d:
                    var delay = _options.Reconnect.DelayAfter(now.ConsecutiveFailures);
                    Status.Log(StationLogLevel.Warning, $"{name} {(was.Phase == LinkPhase.Up ? "lost" : "attempt failed")}: {d.Reason.TrimEnd('.')}; retrying in {delay.TotalSeconds:0.#} s");
                    break;
                case LinkPhase.GaveUp:
                    Status.Log(StationLogLevel.Error, $"{name} failed for good: {now.LastError}");
                    break;
            }
        }

        if (before.Phase != after.Phase && after.Phase is StationPhase.Stopping)
            Status.Log(after.Failure is null ? StationLogLevel.Info : StationLogLevel.Error, after.Failure is null ? "stopping" : $"stopping: {after.Failure}");
    }
}
