namespace QkdEdge.Archive;

/// <summary>
/// The archive's bookkeeping rules in one place: epochs (a board reset starts one), round order, which block is
/// open, what a cut block holds. The writer applies it to what it appends; the scanner replays it over what it
/// reads and requires every recorded block cut to equal what the rules compute, so a verified archive is also a
/// consistent one.
/// </summary>
internal sealed class ArchiveLedger
{
    private readonly long _blockRounds;

    public ArchiveLedger(long blockRounds)
    {
        _blockRounds = blockRounds;
    }

    public long Epoch { get; private set; }

    /// <summary>Smallest round index the next rounds may have in this epoch; null right after a reset or at start.</summary>
    public long? NextRound { get; private set; }

    public long NextBlockId { get; private set; }

    public long TotalRounds { get; private set; }

    public long TotalEvents { get; private set; }

    public bool HasOpenBlock { get; private set; }

    /// <summary>Index m of the open block: it covers [m*BlockRounds, (m+1)*BlockRounds).</summary>
    public long OpenBlockIndex { get; private set; }

    public long OpenBlockRounds { get; private set; }

    private long _openBlockEvents;
    private long _eventsBeforeNextBlock;

    public long BlockIndexOf(long round)
    {
        // Floor division, so negative indices (never produced by boards, but representable) still tile.
        long quotient = Math.DivRem(round, _blockRounds, out long remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    public string? CheckRounds(long first, int count)
    {
        if (count < 1)
            return "empty rounds run";
        if (NextRound is long next && first < next)
            return $"round {first} comes after round {next - 1} without a board reset";
        if (first > long.MaxValue - count)
            return "round index overflows";
        long last = first + count - 1;
        long block = BlockIndexOf(first);
        if (BlockIndexOf(last) != block)
            return $"rounds {first}..{last} cross a block boundary";
        if (HasOpenBlock && block != OpenBlockIndex)
            return $"rounds of block {block} before block {OpenBlockIndex} was cut";
        return null;
    }

    public void ApplyRounds(long first, int count)
    {
        if (!HasOpenBlock)
        {
            HasOpenBlock = true;
            OpenBlockIndex = BlockIndexOf(first);
            OpenBlockRounds = 0;
            _openBlockEvents = _eventsBeforeNextBlock;
            _eventsBeforeNextBlock = 0;
        }
        OpenBlockRounds += count;
        TotalRounds += count;
        NextRound = first + count;
    }

    public BlockDescriptor DescribeCut(BlockEnd end)
    {
        if (!HasOpenBlock)
            throw new InvalidOperationException("No block is open.");
        long first = OpenBlockIndex * _blockRounds;
        return new BlockDescriptor(NextBlockId, Epoch, first, first + _blockRounds, OpenBlockRounds, _openBlockEvents, end);
    }

    public string? CheckCut(BlockDescriptor recorded)
    {
        if (!HasOpenBlock)
            return "block cut while no block is open";
        var expected = DescribeCut(recorded.End);
        return expected == recorded ? null : $"block cut {recorded} does not match the rounds before it ({expected})";
    }

    public void ApplyCut()
    {
        HasOpenBlock = false;
        NextBlockId++;
    }

    public string? CheckEvent(ArchiveEvent e)
    {
        if (e.Kind == ArchiveEventKind.BoardReset && HasOpenBlock)
            return "board reset recorded while a block is open";
        if (e.Kind == ArchiveEventKind.RoundGap)
        {
            if (NextRound is long next && e.Round < next)
                return $"gap before round {e.Round}, but round {next - 1} was already recorded";
            if (GapEndsOpenBlock(e))
                return "gap past the open block recorded before the block was cut";
        }
        return null;
    }

    /// <summary>
    /// A gap whose first round after lies beyond the open block means no more rounds of that block will come:
    /// the writer cuts the block before recording the gap, which then belongs to the next block.
    /// </summary>
    public bool GapEndsOpenBlock(ArchiveEvent e) =>
        e.Kind == ArchiveEventKind.RoundGap && HasOpenBlock && BlockIndexOf(e.Round) > OpenBlockIndex;

    /// <summary>Applies the event and returns it stamped with its epoch.</summary>
    public ArchiveEvent ApplyEvent(ArchiveEvent e)
    {
        if (e.Kind == ArchiveEventKind.BoardReset)
        {
            Epoch++;
            NextRound = null;
        }
        else if (e.Kind == ArchiveEventKind.RoundGap)
        {
            NextRound = e.Round;
        }
        TotalEvents++;
        if (HasOpenBlock)
            _openBlockEvents++;
        else
            _eventsBeforeNextBlock++;
        return e with { Epoch = Epoch };
    }
}
