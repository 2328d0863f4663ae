using QkdEdge.Archive;
using QkdEdge.Ingest;

namespace QkdEdge.Reliability.Tests.Simulation;

/// <summary>
/// One station host's ingest in the simulation: board frames to the archive, across reconnects, board resets
/// and host crashes. The recovery rules it implements are those of docs/recovery.md:
/// - the next expected round index outlives a connection, so rounds lost while the cable was out are counted
///   (a RoundGap event) when the first batch after the reconnect arrives;
/// - a board Info with a new boot id, or a batch or Info whose round index goes back, is a board reset; a reset
///   seen only through a batch counts the new boot's rounds before it (from 0) as lost;
/// - a crashed host restarts from the archive alone: the writer drops a torn tail, and the next expected round
///   is where the archive's rounds end (its ArchiveResumed event), so rounds lost to the crash become a RoundGap;
/// - a write that fails for want of disk space stops the host with the I/O error; once room is made it restarts
///   as after a crash, and reads on from where the board's stream then is.
/// </summary>
internal sealed class StationIngest(string path, ushort stationId, int alphabet, long blockRounds) : IDisposable
{
    /// <summary>The host makes the archive durable every so many batches (the segment is the unit of durability).</summary>
    private const int CommitEveryBatches = 8;

    /// <summary>Frames the board sends while a host stopped by a full disk is restarted.</summary>
    private const int FramesLostToRestart = 4;

    private readonly DiskQuota _disk = new();
    private ArchiveWriter? _writer;
    private long? _nextRound;
    private uint? _bootId;
    private long _sinceCommit;
    private int _batches;

    public string Path => path;

    public List<string> Violations { get; } = [];

    public int Crashes { get; private set; }

    public long RoundsLostToCrashes { get; private set; }

    /// <summary>Archive writes that failed because the disk was full.</summary>
    public int DiskFullFailures { get; private set; }

    public void Ingest(Connection connection)
    {
        var bytes = new MemoryStream(connection.Bytes, writable: false);
        var reader = new BoardFrameReader(bytes);
        bool filled = false;
        int down = 0;
        for (var kind = reader.Read(); kind != BoardFrameKind.EndOfStream; kind = reader.Read())
        {
            // The disk fills once the archive exists (a disk full before the station ever starts is a start-up failure).
            if (connection.DiskFullAt is int full && bytes.Position >= full && !filled && _writer is not null)
            {
                _disk.Fill(connection.DiskRoom);
                filled = true;
            }

            if (down > 0)
            {
                down--;
                continue;
            }

            long inFlight = kind == BoardFrameKind.Rounds ? reader.Batch.Count : 0;
            try
            {
                if (kind == BoardFrameKind.Info)
                    OnInfo(reader.Info.BootId, reader.Info.NextRoundIndex);
                else if (kind == BoardFrameKind.Rounds)
                    OnRounds(reader);
            }
            catch (IOException) when (_disk.IsFull)
            {
                // The host stops with the error; the operator makes room and restarts it. The frames the board sends
                // meanwhile are lost, and the restarted host counts them as a gap when the next batch arrives.
                RestartAfterDiskFull(inFlight);
                down = FramesLostToRestart;
            }
        }

        if (connection.CrashAt is not null)
            CrashAndRestart(connection);
        else
            CommitOrRestart();
        // Room is made by the time the board is next connected.
        _disk.MakeRoom();
    }

    /// <summary>The run ends: the open block is cut and the archive sealed.</summary>
    public void Close()
    {
        _writer?.CutOpenBlock();
        _writer?.Dispose();
        _writer = null;
    }

    public void Dispose() => _writer?.Dispose();

    private ArchiveWriter Writer => _writer ??= ArchiveWriter.OpenOrCreate(path, new ArchiveOptions
    {
        StationId = stationId,
        SettingAlphabet = alphabet,
        BlockRounds = blockRounds,
        SegmentRounds = 4096,
    }, _disk.Open);

    private void CommitOrRestart()
    {
        try
        {
            _writer?.Commit();
        }
        catch (IOException) when (_disk.IsFull)
        {
            RestartAfterDiskFull(0);
        }
    }

    /// <summary>
    /// A write failed for want of room: the host exits (its attempt to seal the archive on the way out fails
    /// too), room is made, and the host restarts from the archive, which drops the torn segment.
    /// </summary>
    private void RestartAfterDiskFull(long inFlight)
    {
        DiskFullFailures++;
        Crashes++;
        long appended = _writer!.RoundsAppended;
        try
        {
            _writer.Dispose();
        }
        catch (IOException)
        {
            // The disk is still full: the seal is not written either, and the file is closed all the same.
        }

        _disk.MakeRoom();
        Restart(appended, _sinceCommit + inFlight);
    }

    private void OnInfo(uint bootId, long nextRound)
    {
        bool reset = (_bootId is uint known && known != bootId) || (_nextRound is long expected && nextRound < expected);
        if (reset)
            Writer.Record(ArchiveEvent.BoardReset(nextRound, 0));
        if (reset || _nextRound is null)
            _nextRound = nextRound;
        _bootId = bootId;
    }

    private void OnRounds(BoardFrameReader reader)
    {
        var batch = reader.Batch;
        var writer = Writer;
        if (_nextRound is long expected)
        {
            if (batch.FirstRound < expected)
            {
                // A reset seen without its Info (lost on the link, or in a torn tail before a host restart): the
                // board counts from 0 at boot, so the rounds before this batch are counted lost, not forgotten.
                writer.Record(ArchiveEvent.BoardReset(0, 0));
                if (batch.FirstRound > 0)
                    writer.Record(ArchiveEvent.RoundGap(batch.FirstRound, batch.FirstRound));
            }
            else if (batch.FirstRound > expected)
                writer.Record(ArchiveEvent.RoundGap(batch.FirstRound, batch.FirstRound - expected));
        }

        writer.Append(batch);
        _nextRound = batch.FirstRound + batch.Count;
        _sinceCommit += batch.Count;
        if (++_batches % CommitEveryBatches == 0)
        {
            writer.Commit();
            _sinceCommit = 0;
        }
    }

    /// <summary>
    /// The host dies: what is on disk is what the last completed segment write left, or, for a crash or a full
    /// disk during a write, a prefix of the segment being written (a torn tail). Everything in memory is gone.
    /// </summary>
    private void CrashAndRestart(Connection connection)
    {
        Crashes++;
        var writer = Writer;
        long appended = writer.RoundsAppended;
        long durable = new FileInfo(path).Length;
        long cut = durable;
        bool torn = connection.Seed % 2 == 1;
        if (torn)
        {
            writer.Commit(); // the write that fills the disk or is cut by the kill
            long written = new FileInfo(path).Length;
            if (written > durable + 1)
                cut = durable + 1 + connection.Seed % (written - durable - 1);
        }

        byte[] onDisk = new byte[cut];
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            file.ReadExactly(onDisk);
        writer.Dispose();
        File.WriteAllBytes(path, onDisk);

        Restart(appended, _sinceCommit);
    }

    /// <summary>The host starts again from the archive alone; a crash may cost at most the rounds not yet durable.</summary>
    private void Restart(long appended, long notDurable)
    {
        _writer = null;
        _bootId = null;
        _batches = 0;
        var restarted = Writer;
        long lost = appended - restarted.RoundsAppended;
        if (lost < 0 || lost > notDurable)
            Violations.Add($"a host crash lost {lost} rounds, but only {notDurable} were appended since the last durable segment");
        RoundsLostToCrashes += lost;
        _sinceCommit = 0;
        _nextRound = ResumedAt();
    }

    /// <summary>Where the archive's rounds end, as the reopened writer recorded it in its ArchiveResumed event.</summary>
    private long? ResumedAt()
    {
        using var reader = ArchiveReader.Open(path);
        var resumed = reader.Events.LastOrDefault(e => e.Kind == ArchiveEventKind.ArchiveResumed);
        // An archive that lost every round still knows where they start: a board counts from 0 at boot.
        return resumed?.Round;
    }
}
