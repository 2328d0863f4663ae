using System.Buffers;
using QkdEdge.Archive.Encoding;
using QkdEdge.Archive.Format;
using QkdEdge.Rounds;

namespace QkdEdge.Archive;

/// <summary>
/// Appends one station's rounds and board events to an append-only, hash-chained archive file and cuts blocks.
/// Data becomes durable at segment boundaries (every <see cref="ArchiveOptions.SegmentRounds"/> rounds, at every
/// block cut, on <see cref="Commit"/> and on dispose), each written with one write and an fsync, so a crash leaves
/// at most a torn last segment, which <see cref="Open"/> drops and records. Dispose commits and seals the file.
/// Not thread-safe: one writer per archive, fed by one ingest loop.
/// </summary>
public sealed class ArchiveWriter : IDisposable
{
    /// <summary>Events alone (no rounds) still get a segment boundary after this many payload bytes.</summary>
    private const int EventPayloadCommitBytes = 1 << 20;

    private readonly FileStream _file;
    private readonly ArchiveLedger _ledger;
    private readonly RoundsCodec _codec;
    private readonly ArrayBufferWriter<byte> _payload = new(64 * 1024);
    private readonly ArrayBufferWriter<byte> _body = new(64 * 1024);
    private readonly byte[] _runSettings;
    private readonly byte[] _runClicks;
    private readonly long[] _runTags;
    private int _runCount;
    private long _runFirst;
    private int _segmentRounds;
    private byte[] _chain;
    private long _segmentIndex;
    private bool _disposed;

    private ArchiveWriter(FileStream file, ArchiveHeaderInfo header, ArchiveLedger ledger, byte[] chain, long segmentIndex, ArchiveRecovery? recovery)
    {
        _file = file;
        Header = header;
        _ledger = ledger;
        _chain = chain;
        _segmentIndex = segmentIndex;
        Recovery = recovery;
        _codec = new RoundsCodec(header.SettingAlphabet, header.SegmentRounds);
        _runSettings = new byte[header.SegmentRounds];
        _runClicks = new byte[header.SegmentRounds];
        _runTags = new long[header.SegmentRounds];
    }

    public ArchiveHeaderInfo Header { get; }

    /// <summary>Set when <see cref="Open"/> found an existing archive: what it dropped (possibly nothing).</summary>
    public ArchiveRecovery? Recovery { get; }

    /// <summary>The durable end of the chain (pending, uncommitted rounds are not in it).</summary>
    public ArchiveHead Head => new(_segmentIndex, Convert.ToHexStringLower(_chain));

    public long RoundsAppended => _ledger.TotalRounds;

    public long EventsRecorded => _ledger.TotalEvents;

    public long BlocksCut => _ledger.NextBlockId;

    public long Epoch => _ledger.Epoch;

    /// <summary>Raised after a block's cut is durable; the block can be read back from then on.</summary>
    public event Action<BlockDescriptor>? BlockClosed;

    /// <summary>Creates a new archive; fails if the file exists.</summary>
    /// <param name="openFile">Opens the archive file (path, mode); null opens it on the local file system. A seam for tests that make writes fail as on a full disk.</param>
    public static ArchiveWriter Create(string path, ArchiveOptions options, Func<string, FileMode, FileStream>? openFile = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        byte[] header = FileHeader.Encode(options);
        byte[] hash = System.Security.Cryptography.SHA256.HashData(header);
        var file = (openFile ?? OpenFile)(path, FileMode.CreateNew);
        try
        {
            file.Write(header);
            file.Write(hash);
            file.Flush(flushToDisk: true);
        }
        catch
        {
            file.Dispose();
            throw;
        }
        var info = FileHeader.TryDecode(header, out _)!;
        return new ArchiveWriter(file, info, new ArchiveLedger(options.BlockRounds), hash, 0, null);
    }

    /// <summary>
    /// Reopens an archive to append more: verifies it, drops a torn tail (a crash mid-write) and the seal of a
    /// cleanly closed one, and records an <see cref="ArchiveEventKind.ArchiveResumed"/> event saying so.
    /// Throws <see cref="ArchiveCorruptException"/> for any other damage: nothing valid is ever dropped.
    /// </summary>
    /// <param name="openFile">As for <see cref="Create"/>.</param>
    public static ArchiveWriter Open(string path, Func<string, FileMode, FileStream>? openFile = null)
    {
        var file = (openFile ?? OpenFile)(path, FileMode.Open);
        try
        {
            var outcome = ArchiveScanner.Scan(file);
            var report = outcome.Report;
            if (report.Integrity == ArchiveIntegrity.Corrupt || report.Header is null || outcome.Ledger is null)
                throw new ArchiveCorruptException(report);
            long torn = report.Integrity == ArchiveIntegrity.TornTail ? report.TornBytes : 0;
            var recovery = new ArchiveRecovery(torn, report.Sealed, report.Integrity == ArchiveIntegrity.TornTail ? report.Problem : null);
            file.SetLength(outcome.AppendOffset);
            file.Flush(flushToDisk: true);
            file.Position = outcome.AppendOffset;
            var writer = new ArchiveWriter(file, report.Header, outcome.Ledger, outcome.AppendHash, outcome.DataSegments, recovery);
            string text = (torn > 0 ? $"dropped a torn tail of {torn} bytes ({recovery.TornTailProblem})" : "no torn tail")
                + (report.Sealed ? "; seal removed" : "; archive was not sealed");
            writer.Record(new ArchiveEvent(ArchiveEventKind.ArchiveResumed, writer._ledger.NextRound ?? 0, torn, text));
            writer.Commit();
            return writer;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Opens the archive at <paramref name="path"/> if it exists, otherwise creates it.</summary>
    public static ArchiveWriter OpenOrCreate(string path, ArchiveOptions options, Func<string, FileMode, FileStream>? openFile = null) =>
        File.Exists(path) ? Open(path, openFile) : Create(path, options, openFile);

    /// <summary>
    /// Appends a batch. Its rounds must come after every round of this epoch (record a
    /// <see cref="ArchiveEventKind.BoardReset"/> first when the board restarted); gaps are allowed. The batch is
    /// copied, so the caller may reuse it at once.
    /// </summary>
    public void Append(RoundBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_disposed, this);
        Validate(batch);
        if (batch.Count == 0)
            return;

        int done = 0;
        while (done < batch.Count)
        {
            long round = batch.FirstRound + done;
            long block = _ledger.BlockIndexOf(round);
            if (_ledger.HasOpenBlock && block != _ledger.OpenBlockIndex)
                CutBlock(BlockEnd.Complete);
            long blockEnd = (block + 1) * Header.BlockRounds;
            int take = (int)Math.Min(Math.Min(batch.Count - done, blockEnd - round), Header.SegmentRounds - _segmentRounds);
            if (_runCount > 0 && _runFirst + _runCount != round)
                CloseRun();
            if (_runCount == 0)
                _runFirst = round;
            batch.Settings.AsSpan(done, take).CopyTo(_runSettings.AsSpan(_runCount));
            batch.Clicks.AsSpan(done, take).CopyTo(_runClicks.AsSpan(_runCount));
            batch.TimeTags.AsSpan(done, take).CopyTo(_runTags.AsSpan(_runCount));
            _runCount += take;
            _ledger.ApplyRounds(round, take);
            _segmentRounds += take;
            done += take;
            if (_segmentRounds == Header.SegmentRounds)
                Commit();
        }
    }

    /// <summary>
    /// Records a board event at the current position. A <see cref="ArchiveEventKind.BoardReset"/> first cuts the
    /// open block (<see cref="BlockEnd.BoardReset"/>) and starts a new epoch. A <see cref="ArchiveEventKind.RoundGap"/>
    /// says which round comes next (its <see cref="ArchiveEvent.Round"/>); later rounds must not come before it, and
    /// when it lies past the open block, that block is complete and is cut first.
    /// </summary>
    public void Record(ArchiveEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (System.Text.Encoding.UTF8.GetByteCount(e.Text) > RecordCodec.MaxEventTextBytes)
            throw new ArgumentException($"Event text longer than {RecordCodec.MaxEventTextBytes} bytes.", nameof(e));
        if (e.Kind == ArchiveEventKind.RoundGap && _ledger.NextRound is long next && e.Round < next)
            throw new ArgumentException($"A gap before round {e.Round} cannot follow round {next - 1}.", nameof(e));
        if (e.Kind == ArchiveEventKind.BoardReset && _ledger.HasOpenBlock)
            CutBlock(BlockEnd.BoardReset);
        else if (_ledger.GapEndsOpenBlock(e))
            CutBlock(BlockEnd.Complete);
        CloseRun();
        _body.ResetWrittenCount();
        RecordCodec.EncodeEvent(_body, e);
        PayloadRecords.Append(_payload, RecordType.Event, _body.WrittenSpan);
        _ledger.ApplyEvent(e);
        if (_payload.WrittenCount >= EventPayloadCommitBytes)
            Commit();
    }

    /// <summary>Ends the open block early because the run ended; returns it, or null when no block is open.</summary>
    public BlockDescriptor? CutOpenBlock()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _ledger.HasOpenBlock ? CutBlock(BlockEnd.RunEnded) : null;
    }

    /// <summary>Makes everything appended so far durable: writes a segment and fsyncs. Cheap when nothing is pending.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CloseRun();
        if (_payload.WrittenCount == 0)
            return;
        WriteSegment(SegmentKind.Data, _payload.WrittenSpan);
        _payload.ResetWrittenCount();
        _segmentRounds = 0;
    }

    /// <summary>Commits what is pending and seals the archive (the seal marks a clean close; see docs).</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        try
        {
            Commit();
            _body.ResetWrittenCount();
            RecordCodec.EncodeSeal(_body, _segmentIndex, _ledger.TotalRounds, _ledger.TotalEvents, _ledger.NextBlockId);
            WriteSegment(SegmentKind.Seal, _body.WrittenSpan);
        }
        finally
        {
            _disposed = true;
            _file.Dispose();
        }
    }

    private static FileStream OpenFile(string path, FileMode mode) => new(path, mode, FileAccess.ReadWrite, FileShare.Read);

    private BlockDescriptor CutBlock(BlockEnd end)
    {
        CloseRun();
        var block = _ledger.DescribeCut(end);
        _body.ResetWrittenCount();
        RecordCodec.EncodeBlockCut(_body, block);
        PayloadRecords.Append(_payload, RecordType.BlockCut, _body.WrittenSpan);
        _ledger.ApplyCut();
        Commit();
        BlockClosed?.Invoke(block);
        return block;
    }

    private void CloseRun()
    {
        if (_runCount == 0)
            return;
        _body.ResetWrittenCount();
        _codec.Encode(_body, _runFirst, _runSettings.AsSpan(0, _runCount), _runClicks.AsSpan(0, _runCount), _runTags.AsSpan(0, _runCount));
        PayloadRecords.Append(_payload, RecordType.Rounds, _body.WrittenSpan);
        _runCount = 0;
    }

    private void WriteSegment(SegmentKind kind, ReadOnlySpan<byte> payload)
    {
        int total = ArchiveLayout.SegmentHeaderSize + payload.Length + ArchiveLayout.HashSize;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            var segment = buffer.AsSpan(0, total);
            SegmentFraming.WriteHeader(segment, kind, _segmentIndex, payload.Length);
            payload.CopyTo(segment[ArchiveLayout.SegmentHeaderSize..]);
            byte[] hash = SegmentFraming.Hash(_chain, segment[..ArchiveLayout.SegmentHeaderSize], payload);
            hash.CopyTo(segment[(ArchiveLayout.SegmentHeaderSize + payload.Length)..]);
            // One write per segment, then fsync: a crash tears at most this segment.
            _file.Write(segment);
            _file.Flush(flushToDisk: true);
            _chain = hash;
            _segmentIndex++;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Validate(RoundBatch batch)
    {
        if (batch.StationId != Header.StationId)
            throw new ArgumentException($"Batch from station {batch.StationId} appended to the archive of station {Header.StationId}.", nameof(batch));
        if (batch.Count < 0 || batch.Count > batch.Capacity)
            throw new ArgumentException($"Batch count {batch.Count} outside 0..{batch.Capacity}.", nameof(batch));
        if (batch.Count == 0)
            return;
        string? problem = _ledger.NextRound is long next && batch.FirstRound < next
            ? $"Round {batch.FirstRound} comes after round {next - 1}; record a BoardReset event when the board restarts."
            : batch.FirstRound > long.MaxValue - batch.Count ? "Round index overflows." : null;
        if (problem is not null)
            throw new ArgumentException(problem, nameof(batch));
        int k = Header.SettingAlphabet;
        var settings = batch.Settings.AsSpan(0, batch.Count);
        int badSetting = settings.IndexOfAnyExceptInRange((byte)0, (byte)(k - 1));
        if (badSetting >= 0)
            throw new ArgumentException($"Round {batch.FirstRound + badSetting} has setting {settings[badSetting]}, outside 0..{k - 1}.", nameof(batch));
        var clicks = batch.Clicks.AsSpan(0, batch.Count);
        int badClick = clicks.IndexOfAnyExceptInRange((byte)0, (byte)ClickPattern.Both);
        if (badClick >= 0)
            throw new ArgumentException($"Round {batch.FirstRound + badClick} has click pattern {clicks[badClick]}, outside 0..3.", nameof(batch));
    }
}
