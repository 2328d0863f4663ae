using System.Globalization;
using QkdEdge.Archive;
using QkdEdge.Rounds;
using QkdEdge.Station.Blocks;

namespace QkdEdge.Station.Board;

/// <summary>
/// Where the board's rounds go: every round into the station's archive (created on the first connection,
/// reopened on later runs), and into the block assembler, whose blocks are handed on as the archive cuts
/// them. Board resets and lost rounds are recorded as archive events. Single-threaded: the ingest loop
/// owns it; the station disposes it once ingest has ended, which seals the archive.
/// </summary>
public sealed class ArchiveSink : IDisposable
{
    private readonly string _path;
    private readonly int _alphabet;
    private readonly long _blockRounds;
    private readonly Action<ClosedBlock> _closed;
    private readonly BlockAssembler _assembler;
    private ArchiveWriter? _writer;
    private string _firmware = "unknown";
    private uint? _bootId;
    private long? _nextRound;
    private bool _resumed;

    public ArchiveSink(string path, int alphabet, long blockRounds, Action<ClosedBlock> closed, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(closed);
        _path = path;
        _alphabet = alphabet;
        _blockRounds = blockRounds;
        _closed = closed;
        _assembler = new BlockAssembler(blockRounds, alphabet, time);
    }

    public ArchiveWriter? Writer => _writer;

    /// <summary>The archive's id once a board has attached (readable from any thread): key block ids start with it.</summary>
    public Guid? ArchiveId { get; private set; }

    /// <summary>Rounds held for the open block.</summary>
    public long OpenBlockRounds => _assembler.PendingRounds;

    /// <summary>Index (within the epoch) of the block the newest round belongs to, or -1.</summary>
    public long OpenBlockIndex => _assembler.LastRound is long r ? Math.DivRem(r, _blockRounds, out long rem) - (rem < 0 ? 1 : 0) : -1;

    /// <summary>
    /// A board said hello: opens the archive on first use and records what the board is. A boot id other
    /// than the last one seen, or a round counter behind the archive, means the board restarted while the
    /// link was down: that is recorded as a board reset (the open block ends, a new epoch starts), and true
    /// is returned.
    /// </summary>
    public bool Attach(ushort stationId, string firmware, string profile, uint bootId, long nextRound)
    {
        _firmware = firmware;
        if (_writer is null)
        {
            _writer = File.Exists(_path) ? ArchiveWriter.Open(_path) : ArchiveWriter.Create(_path, new ArchiveOptions
            {
                StationId = stationId,
                SettingAlphabet = _alphabet,
                BlockRounds = _blockRounds,
            });
            var header = _writer.Header;
            string? mismatch = header.StationId != stationId ? $"station {header.StationId}, but the board on the link is station {stationId}"
                : header.SettingAlphabet != _alphabet ? $"{header.SettingAlphabet} settings, but this role needs {_alphabet}"
                : header.BlockRounds != _blockRounds ? $"blocks of {header.BlockRounds} rounds, but the plan asks for {_blockRounds}"
                : null;
            if (mismatch is not null)
            {
                _writer.Dispose();
                _writer = null;
                throw new BoardLinkException($"The archive {_path} holds {mismatch}. Use another data directory for another board or plan.", retryable: false);
            }

            _writer.BlockClosed += OnBlockClosed;
            ArchiveId = header.ArchiveId;
            // A reopened archive does not say where its rounds ended (the writer keeps that to itself), so the
            // first batch finds out: rounds going backwards mean the board restarted in between.
            _resumed = _writer.RoundsAppended > 0;
        }

        bool reset = (_bootId is uint previous && previous != bootId) || (_nextRound is long expected && nextRound < expected);
        if (reset)
        {
            _writer.Record(ArchiveEvent.BoardReset(nextRound, 0));
            _nextRound = nextRound;
        }
        else if (_nextRound is null && !_resumed)
        {
            _nextRound = nextRound;
        }

        _bootId = bootId;
        _writer.Record(ArchiveEvent.StationMetadata(nextRound, "firmware", firmware));
        _writer.Record(ArchiveEvent.StationMetadata(nextRound, "profile", profile));
        _writer.Record(ArchiveEvent.StationMetadata(nextRound, "boot", bootId.ToString("x8", CultureInfo.InvariantCulture)));
        return reset;
    }

    /// <summary>The frame reader saw the board restart in the middle of a connection.</summary>
    public void BoardReset(long firstRoundAfter)
    {
        RequireWriter().Record(ArchiveEvent.BoardReset(firstRoundAfter, 0));
        _nextRound = firstRoundAfter;
    }

    /// <summary>Archives a batch (copied; the caller may reuse it) and records a gap before it, if any.</summary>
    public void Append(RoundBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var writer = RequireWriter();
        if (batch.Count == 0)
            return;
        if (_nextRound is long expected && batch.FirstRound > expected)
            writer.Record(ArchiveEvent.RoundGap(batch.FirstRound, batch.FirstRound - expected));
        if (_nextRound is null && _resumed)
        {
            try
            {
                writer.Append(batch);
            }
            catch (ArgumentException)
            {
                // The board counts from a point before the archive's last round: it restarted since.
                writer.Record(ArchiveEvent.BoardReset(batch.FirstRound, 0));
                writer.Append(batch);
            }

            _assembler.Add(batch);
            _resumed = false;
        }
        else
        {
            _assembler.Add(batch);
            writer.Append(batch);
        }

        _nextRound = batch.FirstRound + batch.Count;
    }

    /// <summary>The board halted on an RNG health alarm: recorded, and the open block may not make key.</summary>
    public void RngAlarm(long round, int test, string detail)
    {
        RequireWriter().Record(ArchiveEvent.RngAlarm(round, test, detail));
        _assembler.MarkRngAlarm();
    }

    /// <summary>The run ends: the open block is cut short (it will not run) and everything is made durable.</summary>
    public void EndRun()
    {
        if (_writer is null)
            return;
        _writer.CutOpenBlock();
        _writer.Commit();
    }

    public void Commit() => _writer?.Commit();

    /// <summary>Commits and seals the archive.</summary>
    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
    }

    private ArchiveWriter RequireWriter() => _writer ?? throw new InvalidOperationException("No board has attached yet.");

    private void OnBlockClosed(BlockDescriptor block) =>
        _closed(_assembler.Close(block, _writer!.Head.ToString(), _firmware));
}
