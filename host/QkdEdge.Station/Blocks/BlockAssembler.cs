using QkdEdge.Alignment;
using QkdEdge.Archive;
using QkdEdge.Protocol.Planes;
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
    private readonly int _alphabet;
    private BlockTags.Builder _tags;
    private readonly PlaneColumns _settings;
    private readonly PlaneColumns _clicks;
    private bool _rngAlarm;
    private DateTimeOffset? _openedAt;

    /// <param name="expectedBlockRounds">Rounds per block.</param>
    /// <param name="settingAlphabet">The board's number of settings: the settings are held as that many bits per round.</param>
    /// <param name="time">Clock for the block's opening and closing times.</param>
    public BlockAssembler(long expectedBlockRounds, int settingAlphabet, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(expectedBlockRounds);
        _time = time ?? TimeProvider.System;
        _alphabet = settingAlphabet;
        // One block plus a few batches; a block with extra rounds (never, for a cut archive) would just grow.
        _capacity = (int)Math.Min(Array.MaxLength, expectedBlockRounds + 8192);
        _tags = new BlockTags.Builder(_capacity);
        _settings = new PlaneColumns(SettingPlanes.WidthFor(settingAlphabet), _capacity);
        _clicks = new PlaneColumns(2, _capacity);
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
        _tags.AddConsecutive(batch.FirstRound, batch.TimeTags.AsSpan(0, batch.Count));
        _settings.Append(batch.Settings.AsSpan(0, batch.Count));
        _clicks.Append(batch.Clicks.AsSpan(0, batch.Count));
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
        var clicks = _clicks.Cut(start, end);
        var closed = new ClosedBlock(
            block,
            tags,
            SettingPlanes.FromPlanes(_alphabet, end - start, _settings.Cut(start, end)),
            ClickPlanes.FromPlanes(end - start, clicks[0], clicks[1]),
            archiveHead,
            firmwareVersion,
            _rngAlarm,
            _openedAt ?? _time.GetUtcNow(),
            _time.GetUtcNow());

        int rest = count - end;
        _tags = new BlockTags.Builder(_capacity);
        _tags.AddRange(held, end, count);
        _rngAlarm = false;
        _openedAt = rest > 0 ? _time.GetUtcNow() : null;
        return closed;
    }

    private static BlockTags Copy(BlockTags source, int start, int end, BlockTags.Builder target)
    {
        target.AddRange(source, start, end);
        return target.Build();
    }
}
