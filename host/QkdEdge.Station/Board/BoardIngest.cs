using System.Diagnostics;
using System.Globalization;
using QkdEdge.Ingest;
using QkdEdge.Rounds;
using QkdEdge.Station.Configuration;
using QkdEdge.Station.Status;
using QkdEdge.Telemetry;
using QkdEdge.Wire.Frames;
using QkdEdge.Wire.Framing;
using WireRole = QkdEdge.Wire.Frames.StationRole;

namespace QkdEdge.Station.Board;

/// <summary>
/// One connection's work with the board: hello, configure and start it (or pick up a board that is still
/// running with the right configuration after a link drop or a host restart), then read frames, archiving
/// every round, until the link fails or the station stops. On stop the board keeps running unless told
/// otherwise (<see cref="BoardLinkOptions.StopOnExit"/>), then it is stopped and its last rounds archived.
/// Runs on one thread, which owns the board session and the archive sink.
/// </summary>
internal sealed class BoardIngest
{
    /// <summary>How often the reader's counters go to the status view: often enough for a live display.</summary>
    private static readonly TimeSpan CounterInterval = TimeSpan.FromMilliseconds(200);

    private readonly BoardLinkOptions _options;
    private readonly WireRole _role;
    private readonly int _alphabet;
    private readonly ArchiveSink _sink;
    private readonly StatusTracker _status;

    /// <summary>
    /// Rounds that arrive on a new connection before the board's Info (a board that kept running while the
    /// link was down): held until the Info says whether the board restarted meanwhile, then archived, or
    /// dropped when it did (they could belong to either boot).
    /// </summary>
    private readonly List<RoundBatch> _early = [];
    private readonly ClickTally _clicks = new();
    private double _tickHz;
    private bool _attached;

    public BoardIngest(BoardLinkOptions options, Protocol.Engine.StationRole role, int alphabet, ArchiveSink sink, StatusTracker status)
    {
        _options = options;
        _role = role == Protocol.Engine.StationRole.Alice ? WireRole.Alice : WireRole.Bob;
        _alphabet = alphabet;
        _sink = sink;
        _status = status;
    }

    /// <summary>
    /// Brings the board up on <paramref name="connection"/> (calls <paramref name="up"/> once rounds can flow),
    /// then ingests until <paramref name="stop"/> is cancelled (returns, after stopping the board when so
    /// configured) or the link fails (throws <see cref="BoardLinkException"/>).
    /// </summary>
    public void Run(IBoardConnection connection, Action up, CancellationToken stop)
    {
        var session = connection.Session;
        session.FrameObserved = (kind, reader) => Handle(kind, reader);
        try
        {
            BringUp(session);
            up();
            Ingest(session, stop);
            if (_options.StopOnExit)
                StopBoard(session);
        }
        catch (WireSessionException ex)
        {
            throw new BoardLinkException(ex.Message, Retryable(ex.Failure), ex);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or UnauthorizedAccessException or InvalidOperationException && !stop.IsCancellationRequested)
        {
            throw new BoardLinkException($"The board link failed: {ex.Message}", retryable: true, ex);
        }
        finally
        {
            _status.BoardCounters(session.Reader.Counters);
            _status.DetectorClicks(_clicks.Take(_tickHz, _options.RoundPeriodTicks));
            _status.BoardDisconnected();
            _sink.Commit();
        }
    }

    private void BringUp(BoardSession session)
    {
        var info = session.Hello(_options.CommandTimeout);
        string firmware = string.Create(CultureInfo.InvariantCulture, $"{info.FirmwareMajor}.{info.FirmwareMinor}.{info.FirmwarePatch}");
        bool reset = _sink.Attach(session.Reader.Header.StationId, firmware, info.GetProfileId(), info.BootId, info.NextRoundIndex);
        _attached = true;
        _tickHz = info.TickFrequencyHz;
        if (!reset)
        {
            foreach (var early in _early)
                Archive(early);
        }

        _early.Clear();
        _status.BoardConnected(firmware, info.TickFrequencyHz);
        int batch = _options.BatchSize ?? info.MaxBatchSize;

        if (info.State == RunState.Running && MatchesConfiguration(info, batch))
        {
            _status.Rng(Telemetry.RngHealth.Ok);
            _status.Log(StationLogLevel.Info, $"board {session.Reader.Header.StationId} ({info.GetProfileId()}, firmware {firmware}) is still running; resuming at round {info.NextRoundIndex}");
            return;
        }

        if (info.State == RunState.Running)
            Expect(session.SendCommand(FrameType.Stop, _options.CommandTimeout), "Stop");
        if (info.State == RunState.Halted)
        {
            _status.Rng(Telemetry.RngHealth.Startup);
            var test = session.SendCommand(FrameType.SelfTest, _options.CommandTimeout);
            if (test.Result != AckResult.Ok)
                throw new BoardLinkException($"The board is halted after an RNG alarm and its self-test answered {test.Result}; the setting source needs attention.", retryable: true);
        }

        var configure = new ConfigureCommand
        {
            Role = _role,
            AlphabetSize = _alphabet,
            BatchSize = batch,
            GateWidthTicks = _options.GateWidthTicks,
            RoundPeriodTicks = _options.RoundPeriodTicks,
        };
        var ack = session.Configure(configure, _options.CommandTimeout);
        if (ack.Result != AckResult.Ok)
            throw new BoardLinkException(string.Create(CultureInfo.InvariantCulture,
                $"The board refused the configuration (role {_role}, {_alphabet} settings, batch {batch}, gate {_options.GateWidthTicks} ticks, period {_options.RoundPeriodTicks} ticks): {ack.Result}. Check board:* against the board profile."),
                retryable: ack.Result is AckResult.WrongState);
        var start = session.SendCommand(FrameType.Start, _options.CommandTimeout);
        if (start.Result == AckResult.RngHalted)
            throw new BoardLinkException("The board refused to start: its RNG is halted.", retryable: true);
        Expect(start, "Start");
        _status.Rng(Telemetry.RngHealth.Ok);
        _status.Log(StationLogLevel.Info, string.Create(CultureInfo.InvariantCulture,
            $"board {session.Reader.Header.StationId} ({info.GetProfileId()}, firmware {firmware}) configured as {_role}: {_alphabet} settings, batches of {batch}, period {_options.RoundPeriodTicks} ticks; started"));
    }

    private bool MatchesConfiguration(InfoFrame info, int batch) =>
        info.Role == _role && info.AlphabetSize == _alphabet && info.BatchSize == batch
        && info.GateWidthTicks == _options.GateWidthTicks && info.RoundPeriodTicks == _options.RoundPeriodTicks;

    private void Ingest(BoardSession session, CancellationToken stop)
    {
        var reader = session.Reader;
        var counters = Stopwatch.StartNew();
        while (!stop.IsCancellationRequested)
        {
            BoardFrameKind kind;
            try
            {
                kind = reader.Read();
            }
            catch (TimeoutException)
            {
                continue;
            }
            catch (Exception ex) when (stop.IsCancellationRequested && ex is IOException or ObjectDisposedException or InvalidOperationException)
            {
                return; // the station closed the link to release this read
            }

            if (kind == BoardFrameKind.EndOfStream)
            {
                if (stop.IsCancellationRequested)
                    return;
                throw new BoardLinkException("The board link closed (end of stream).", retryable: true);
            }

            Handle(kind, reader);
            if (counters.Elapsed >= CounterInterval)
            {
                counters.Restart();
                _status.BoardCounters(reader.Counters);
                _status.DetectorClicks(_clicks.Take(_tickHz, _options.RoundPeriodTicks));
            }
        }
    }

    private void Handle(BoardFrameKind kind, BoardFrameReader reader)
    {
        if (_attached && reader.ResetDetected && kind == BoardFrameKind.Rounds)
            _sink.BoardReset(reader.Batch.FirstRound);
        switch (kind)
        {
            case BoardFrameKind.Rounds when !_attached:
                var copy = new RoundBatch(reader.Batch.Count);
                copy.CopyFrom(reader.Batch);
                _early.Add(copy);
                break;
            case BoardFrameKind.Rounds:
                Archive(reader.Batch);
                _status.Collecting(_sink.Writer?.RoundsAppended ?? 0, _sink.OpenBlockIndex, _sink.OpenBlockRounds);
                break;
            case BoardFrameKind.Info when reader.ResetDetected:
                _sink.BoardReset(reader.Info.NextRoundIndex);
                break;
            case BoardFrameKind.RngAlarm:
                var alarm = reader.RngAlarm;
                string test = alarm.Test switch
                {
                    RngHealthTest.RepetitionCount => "repetition-count",
                    RngHealthTest.AdaptiveProportion => "adaptive-proportion",
                    _ => "start-up",
                };
                string detail = string.Create(CultureInfo.InvariantCulture, $"{test}: observed {alarm.Observed}, cutoff {alarm.Cutoff}, window {alarm.WindowSize}");
                _sink.RngAlarm(alarm.RoundIndex, (int)alarm.Test, detail);
                _status.RngAlarm(test);
                throw new BoardLinkException($"The board halted on an RNG health alarm ({detail}); the open block will not make key.", retryable: true);
        }
    }

    /// <summary>Archives a batch and counts its clicks: the click metrics cover exactly the archived rounds.</summary>
    private void Archive(RoundBatch batch)
    {
        _sink.Append(batch);
        _clicks.Add(batch.Clicks.AsSpan(0, batch.Count), batch.TimeTags.AsSpan(0, batch.Count));
    }

    /// <summary>Stops the board; rounds that arrive before the Stop's Ack are archived too.</summary>
    private void StopBoard(BoardSession session)
    {
        try
        {
            Expect(session.SendCommand(FrameType.Stop, _options.CommandTimeout), "Stop");
        }
        catch (Exception ex) when (ex is WireSessionException or IOException or ObjectDisposedException or BoardLinkException)
        {
            _status.Log(StationLogLevel.Warning, $"the board did not confirm Stop: {ex.Message}");
        }
    }

    private static void Expect(AckFrame ack, string command)
    {
        if (ack.Result != AckResult.Ok)
            throw new BoardLinkException($"The board answered {command} with {ack.Result}.", retryable: true);
    }

    private static bool Retryable(WireSessionFailure failure) => failure switch
    {
        WireSessionFailure.VersionMismatch => false,
        WireSessionFailure.NoValidFrames => false,
        _ => true,
    };
}
