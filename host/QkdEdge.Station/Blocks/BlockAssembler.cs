using QkdEdge.Alignment;
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
    private readonly int _capacity;
    private BlockTags.Builder _tags;
    private byte[] _settings;
    private byte[] _clicks;
    private bool _rngAlarm;
    private DateTimeOffset? _openedAt;

    public BlockAssembler(long expectedBlockRounds, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(expectedBlockRounds);
        _time = time ?? TimeProvider.System;
        // One block plus a few batches; a block with extra rounds (never, for a cut archive) would just grow.
        _capacity = (int)Math.Min(Array.MaxLength, expectedBlockRounds + 8192);
        _tags = new BlockTags.Builder(_capacity);
        _settings = new byte[_capacity];
        _clicks = new byte[_capacity];
    }

    /// <summary>Rounds held for blocks not yet cut.</summary>
    public int PendingRounds => _tags.Count;

    /// <summary>Round index of the newest round held, or null.</summary>
    public long? LastRound => _tags.LastRound;

    /// <summary>Holds a batch's rounds (copied; the batch may be reused at once).</summary>
    public void Add(RoundBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
            return;
        if (_tags.LastRound is long last && batch.FirstRound <= last)
            throw new ArgumentException($"Round {batch.FirstRound} does not follow round {last}; cut the open block at a board reset first.", nameof(batch));
        int count = _tags.Count;
        EnsureCapacity(count + batch.Count);
        _tags.AddConsecutive(batch.FirstRound, batch.TimeTags.AsSpan(0, batch.Count));
        batch.Settings.AsSpan(0, batch.Count).CopyTo(_settings.AsSpan(count));
        batch.Clicks.AsSpan(0, batch.Count).CopyTo(_clicks.AsSpan(count));
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
        int count = _tags.Count;
        var held = _tags.Build();
        int start = held.LowerBound(block.FirstRound);
        int end = held.LowerBound(block.EndRound);
        if (block.End == BlockEnd.BoardReset)
            end = count; // everything held belongs to the ended epoch
        // Usually the block starts at the first round held: it then keeps the collected storage as it is, and only the
        // few batches past its end are copied (copying the whole block held the ingest thread for seconds at 10^8 rounds).
        var tags = start == 0 ? held.Prefix(end) : Copy(held, start, end, new BlockTags.Builder(end - start));
        var closed = new ClosedBlock(
            block,
            tags,
            _settings[start..end],
            _clicks[start..end],
            archiveHead,
            firmwareVersion,
            _rngAlarm,
            _openedAt ?? _time.GetUtcNow(),
            _time.GetUtcNow());

        int rest = count - end;
        _tags = new BlockTags.Builder(_capacity);
        _tags.AddRange(held, end, count);
        Array.Copy(_settings, end, _settings, 0, rest);
        Array.Copy(_clicks, end, _clicks, 0, rest);
        _rngAlarm = false;
        _openedAt = rest > 0 ? _time.GetUtcNow() : null;
        return closed;
    }

    private static BlockTags Copy(BlockTags source, int start, int end, BlockTags.Builder target)
    {
        target.AddRange(source, start, end);
        return target.Build();
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _settings.Length)
            return;
        int capacity = (int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * _settings.Length));
        Array.Resize(ref _settings, capacity);
        Array.Resize(ref _clicks, capacity);
    }
}
