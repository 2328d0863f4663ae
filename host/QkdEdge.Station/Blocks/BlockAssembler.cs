using QkdEdge.Archive;
using QkdEdge.Rounds;

namespace QkdEdge.Station.Blocks;

/// <summary>
/// Collects the rounds of the open block as batches arrive, and hands the block's rounds out when the
/// archive cuts it. The archive decides where blocks end (<see cref="ArchiveWriter.BlockClosed"/>); feed each
/// batch here before appending it to the archive, so that a batch which crosses a boundary is already
/// held when the cut it triggers arrives. Pure and single-threaded: the ingest loop owns it.
/// </summary>
public sealed class BlockAssembler
{
    private readonly TimeProvider _time;
    private long[] _rounds;
    private byte[] _settings;
    private byte[] _clicks;
    private long[] _tags;
    private int _count;
    private bool _rngAlarm;
    private DateTimeOffset? _openedAt;

    public BlockAssembler(long expectedBlockRounds, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(expectedBlockRounds);
        _time = time ?? TimeProvider.System;
        // One block plus a few batches; a block with extra rounds (never, for a cut archive) would just grow.
        int capacity = (int)Math.Min(Array.MaxLength, expectedBlockRounds + 8192);
        _rounds = new long[capacity];
        _settings = new byte[capacity];
        _clicks = new byte[capacity];
        _tags = new long[capacity];
    }

    /// <summary>Rounds held for blocks not yet cut.</summary>
    public int PendingRounds => _count;

    /// <summary>Round index of the newest round held, or null.</summary>
    public long? LastRound => _count == 0 ? null : _rounds[_count - 1];

    /// <summary>Holds a batch's rounds (copied; the batch may be reused at once).</summary>
    public void Add(RoundBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
            return;
        if (_count > 0 && batch.FirstRound <= _rounds[_count - 1])
            throw new ArgumentException($"Round {batch.FirstRound} does not follow round {_rounds[_count - 1]}; cut the open block at a board reset first.", nameof(batch));
        EnsureCapacity(_count + batch.Count);
        for (int i = 0; i < batch.Count; i++)
            _rounds[_count + i] = batch.FirstRound + i;
        batch.Settings.AsSpan(0, batch.Count).CopyTo(_settings.AsSpan(_count));
        batch.Clicks.AsSpan(0, batch.Count).CopyTo(_clicks.AsSpan(_count));
        batch.TimeTags.AsSpan(0, batch.Count).CopyTo(_tags.AsSpan(_count));
        _count += batch.Count;
        _openedAt ??= _time.GetUtcNow();
    }

    /// <summary>The board reported an RNG alarm: the block now open (and the one it is in) must not make key.</summary>
    public void MarkRngAlarm() => _rngAlarm = true;

    /// <summary>
    /// The archive cut <paramref name="block"/>: returns its rounds and forgets every held round before its
    /// end (rounds of an epoch a board reset ended are dropped with it).
    /// </summary>
    public ClosedBlock Close(BlockDescriptor block, string archiveHead, string firmwareVersion)
    {
        ArgumentNullException.ThrowIfNull(block);
        int start = LowerBound(block.FirstRound);
        int end = LowerBound(block.EndRound);
        if (block.End == BlockEnd.BoardReset)
            end = _count; // everything held belongs to the ended epoch
        var closed = new ClosedBlock(
            block,
            _rounds[start..end],
            _settings[start..end],
            _clicks[start..end],
            _tags[start..end],
            archiveHead,
            firmwareVersion,
            _rngAlarm,
            _openedAt ?? _time.GetUtcNow(),
            _time.GetUtcNow());

        int rest = _count - end;
        Array.Copy(_rounds, end, _rounds, 0, rest);
        Array.Copy(_settings, end, _settings, 0, rest);
        Array.Copy(_clicks, end, _clicks, 0, rest);
        Array.Copy(_tags, end, _tags, 0, rest);
        _count = rest;
        _rngAlarm = false;
        _openedAt = rest > 0 ? _time.GetUtcNow() : null;
        return closed;
    }

    private int LowerBound(long round)
    {
        int index = Array.BinarySearch(_rounds, 0, _count, round);
        return index >= 0 ? index : ~index;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _rounds.Length)
            return;
        int capacity = (int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * _rounds.Length));
        Array.Resize(ref _rounds, capacity);
        Array.Resize(ref _settings, capacity);
        Array.Resize(ref _clicks, capacity);
        Array.Resize(ref _tags, capacity);
    }
}
