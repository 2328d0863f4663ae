namespace QkdEdge.Alignment;

/// <summary>
/// A whole block's round indices and time tags, held compactly: the indices as runs of consecutive rounds (a block
/// has few gaps) and the tags in windows of 4,096 rounds, each window's first tag whole and the steps after it packed
/// around the window's typical step (<see cref="PackedSteps"/>): periodic triggers with a few ticks of jitter cost
/// about half a byte per round, against the 16 of <see cref="TagSeries"/> and the 4 of a plain array of 32-bit steps.
/// Blocks of 10^8 to 10^9 rounds are what detectors of efficiency 0.95 need, and a station holds two (one collecting,
/// one running). The aligner works on <see cref="TagSeries"/> chunks cut from it (<see cref="Slice"/>). Immutable;
/// build with <see cref="Builder"/>.
/// </summary>
public sealed class BlockTags
{
    /// <summary>Rounds per window: reaching any tag decodes at most this many steps.</summary>
    private const int CheckpointShift = 12;

    private const int WindowMask = (1 << CheckpointShift) - 1;

    [ThreadStatic]
    private static long[]? s_windowScratch;

    private readonly long[] _runFirstRound;
    private readonly int[] _runStart;
    private readonly long[] _checkpoints;
    private readonly PackedSteps[] _windows;

    private BlockTags(int count, long[] runFirstRound, int[] runStart, long[] checkpoints, PackedSteps[] windows)
    {
        Count = count;
        _runFirstRound = runFirstRound;
        _runStart = runStart;
        _checkpoints = checkpoints;
        _windows = windows;
    }

    public static BlockTags Empty { get; } = new Builder(0).Build();

    public int Count { get; }

    /// <summary>Runs of consecutive round indices (one for a block without gaps).</summary>
    public int RunCount => _runStart.Length;

    /// <summary>Bytes held, for memory accounting.</summary>
    public long Bytes => (12L * _runStart.Length) + (8L * _checkpoints.Length) + _windows.Sum(w => w.Bytes);

    /// <summary>The compact form of a series (indices strictly increasing, one tag per round).</summary>
    public static BlockTags From(ReadOnlySpan<long> rounds, ReadOnlySpan<long> tags)
    {
        if (rounds.Length != tags.Length)
            throw new ArgumentException("One tag per round.", nameof(tags));
        var builder = new Builder(rounds.Length);
        for (int i = 0; i < rounds.Length; i++)
            builder.Add(rounds[i], tags[i]);
        return builder.Build();
    }

    public static BlockTags From(TagSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return From(series.Rounds, series.Tags);
    }

    /// <summary>Round index at position <paramref name="index"/>.</summary>
    public long RoundAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        int run = RunOf(index);
        return _runFirstRound[run] + (index - _runStart[run]);
    }

    /// <summary>False once only the round indices are kept (<see cref="IndicesOnly"/>).</summary>
    public bool HasTags => Count == 0 || _windows.Length != 0;

    /// <summary>
    /// The round indices without the time tags, sharing the runs (12 bytes each): what pairing needs once the tags have
    /// gone to the peer. The windows of packed steps, nearly all of the storage, are no longer referenced from it.
    /// </summary>
    public BlockTags IndicesOnly() => HasTags && Count > 0 ? new BlockTags(Count, _runFirstRound, _runStart, [], []) : this;

    /// <summary>Time tag at position <paramref name="index"/>.</summary>
    public long TagAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        ThrowIfTagsReleased();
        int window = index >> CheckpointShift;
        return _windows[window].TagAt(_checkpoints[window], index & WindowMask);
    }

    /// <summary>Position of the first round whose index is at least <paramref name="round"/> (<see cref="Count"/> if none).</summary>
    public int LowerBound(long round)
    {
        int lo = 0, hi = _runStart.Length;
        while (lo < hi)
        {
            // The first run whose last round is at least the one asked for.
            int mid = (lo + hi) >>> 1;
            if (_runFirstRound[mid] + RunLength(mid) - 1 < round)
                lo = mid + 1;
            else
                hi = mid;
        }

        if (lo == _runStart.Length)
            return Count;
        return _runStart[lo] + (int)Math.Max(0, round - _runFirstRound[lo]);
    }

    /// <summary>Position of <paramref name="round"/>, or -1.</summary>
    public int IndexOf(long round)
    {
        int i = LowerBound(round);
        return i < Count && RoundAt(i) == round ? i : -1;
    }

    /// <summary>
    /// The first <paramref name="end"/> rounds, sharing this block's storage (no copy): how a block is cut off the
    /// rounds collected after it.
    /// </summary>
    public BlockTags Prefix(int end)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(end);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, Count);
        if (end == Count)
            return this;
        int runs = end == 0 ? 0 : RunOf(end - 1) + 1;
        int checkpoints = HasTags ? (end + (1 << CheckpointShift) - 1) >> CheckpointShift : 0;
        return new BlockTags(end, _runFirstRound[..runs], _runStart[..runs], _checkpoints[..checkpoints], _windows[..checkpoints]);
    }

    /// <summary>
    /// Positions [<paramref name="start"/>, <paramref name="end"/>) as an array-backed series, written into the storage
    /// of <paramref name="reuse"/> (a slice no longer needed) when it is large enough: aligning a block chunk by chunk
    /// then touches the same memory each time instead of fresh pages.
    /// </summary>
    public TagSeries Slice(int start, int end, TagSeries? reuse = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, end);
        return TagSeries.Create(end - start, reuse, (rounds, tags) => CopyTo(start, rounds.AsSpan(0, end - start), tags.AsSpan(0, end - start)));
    }

    /// <summary>The whole block as an array-backed series (16 bytes per round).</summary>
    public TagSeries ToSeries() => Slice(0, Count);

    /// <summary>Writes the indices and tags from position <paramref name="start"/> on into the spans (as many as they hold).</summary>
    public void CopyTo(int start, Span<long> rounds, Span<long> tags)
    {
        int length = Math.Min(rounds.Length, tags.Length);
        if (length == 0)
            return;
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + length, Count, nameof(start));
        ThrowIfTagsReleased();
        for (int run = RunOf(start), k = 0; k < length; run++)
        {
            int i = start + k;
            int take = Math.Min(RunLength(run) - (i - _runStart[run]), length - k);
            ArithmeticFill.Fill(rounds.Slice(k, take), _runFirstRound[run] + (i - _runStart[run]), 1);
            k += take;
        }

        for (int written = 0; written < length;)
        {
            int at = start + written;
            int window = at >> CheckpointShift, offset = at & WindowMask;
            var steps = _windows[window];
            int take = Math.Min(steps.Count - offset, length - written);
            if (offset == 0)
            {
                // Windows wholly inside the range (and a last one cut short) decode straight into it.
                steps.DecodeTags(_checkpoints[window], tags.Slice(written, take));
            }
            else
            {
                var scratch = s_windowScratch ??= new long[PackedSteps.Capacity];
                steps.DecodeTags(_checkpoints[window], scratch.AsSpan(0, offset + take));
                scratch.AsSpan(offset, take).CopyTo(tags[written..]);
            }

            written += take;
        }
    }

    private void ThrowIfTagsReleased()
    {
        if (!HasTags)
            throw new InvalidOperationException("Only this block's round indices are kept: its time tags were released once sent.");
    }

    private int RunLength(int run) => (run + 1 < _runStart.Length ? _runStart[run + 1] : Count) - _runStart[run];

    private int RunOf(int index)
    {
        // The last run starting at or before the index.
        int lo = 0, hi = _runStart.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >>> 1;
            if (_runStart[mid] <= index)
                lo = mid;
            else
                hi = mid - 1;
        }

        return lo;
    }

    /// <summary>Collects a block's rounds in increasing index order.</summary>
    public sealed class Builder
    {
        private readonly List<long> _runFirstRound = [];
        private readonly List<int> _runStart = [];
        private readonly List<long> _checkpoints;
        private readonly List<PackedSteps> _windows;
        private readonly long[] _pending = new long[PackedSteps.Capacity];
        private long _lastRound;
        private long _lastTag;

        /// <param name="expectedRounds">Rounds expected: the window lists are sized for them.</param>
        public Builder(long expectedRounds)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(expectedRounds);
            int windows = (int)Math.Min((expectedRounds + WindowMask) >> CheckpointShift, 1 << 20);
            _checkpoints = new List<long>(windows);
            _windows = new List<PackedSteps>(windows);
        }

        public int Count { get; private set; }

        /// <summary>Index of the newest round added, or null.</summary>
        public long? LastRound => Count == 0 ? null : _lastRound;

        public void Add(long round, long tag)
        {
            if (Count > 0 && round <= _lastRound)
                throw new ArgumentException($"Round indices must increase (round {round} after {_lastRound}).", nameof(round));
            if (Count == Array.MaxLength)
                throw new InvalidOperationException($"A block holds at most {Array.MaxLength} rounds.");
            if (Count == 0 || round != _lastRound + 1)
            {
                _runFirstRound.Add(round);
                _runStart.Add(Count);
            }

            Store(tag);
            _lastRound = round;
        }

        /// <summary>
        /// Adds rounds <paramref name="firstRound"/>, <paramref name="firstRound"/> + 1, ... with <paramref name="tags"/>:
        /// what <see cref="Add"/> would do round by round, in one pass (a board's batch is such a run).
        /// </summary>
        public void AddConsecutive(long firstRound, ReadOnlySpan<long> tags)
        {
            if (tags.IsEmpty)
                return;
            Add(firstRound, tags[0]);
            if (Count + (long)tags.Length - 1 > Array.MaxLength)
                throw new InvalidOperationException($"A block holds at most {Array.MaxLength} rounds.");
            // Store's work a window's stretch at a time: the steps go straight into the pending window.
            for (int k = 1; k < tags.Length;)
            {
                int offset = Count & WindowMask;
                if (offset == 0)
                {
                    Store(tags[k++]);
                    continue;
                }

                int take = Math.Min(tags.Length - k, PackedSteps.Capacity - offset);
                var pending = _pending.AsSpan(offset, take);
                var stretch = tags.Slice(k, take);
                long last = _lastTag;
                for (int j = 0; j < pending.Length; j++)
                {
                    pending[j] = unchecked(stretch[j] - last);
                    last = stretch[j];
                }

                _lastTag = last;
                Count += take;
                k += take;
            }

            _lastRound = firstRound + tags.Length - 1;
        }

        /// <summary>
        /// Adds rounds <paramref name="firstRound"/>, <paramref name="firstRound"/> + 1, ... (<paramref name="count"/> of
        /// them) with tags <paramref name="firstTag"/>, <paramref name="firstTag"/> + <paramref name="period"/>, ...: what
        /// <see cref="AddConsecutive"/> would do with those tags, without writing them out (a clean link's stretches).
        /// </summary>
        public void AddSteady(long firstRound, long firstTag, int count, long period)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            if (count == 0)
                return;
            Add(firstRound, firstTag);
            if (Count + (long)count - 1 > Array.MaxLength)
                throw new InvalidOperationException($"A block holds at most {Array.MaxLength} rounds.");
            if (firstRound > long.MaxValue - (count - 1))
                throw new ArgumentException($"Rounds from {firstRound} on run past the largest round index.", nameof(count));
            for (int k = 1; k < count;)
            {
                int offset = Count & WindowMask;
                if (offset == 0)
                {
                    Store(unchecked(_lastTag + period));
                    k++;
                    continue;
                }

                int take = Math.Min(count - k, PackedSteps.Capacity - offset);
                _pending.AsSpan(offset, take).Fill(period);
                _lastTag = unchecked(_lastTag + (period * take));
                Count += take;
                k += take;
            }

            _lastRound = firstRound + count - 1;
        }

        private void Store(long tag)
        {
            int offset = Count & WindowMask;
            if (offset == 0)
            {
                if (Count > 0)
                    _windows.Add(PackedSteps.Pack(_pending));
                _checkpoints.Add(tag);
            }

            _pending[offset] = unchecked(tag - _lastTag);
            _lastTag = tag;
            Count++;
        }

        /// <summary>Adds positions [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="source"/>, run by run.</summary>
        public void AddRange(BlockTags source, int start, int end)
        {
            ArgumentNullException.ThrowIfNull(source);
            var rounds = new long[Math.Min(1 << 16, Math.Max(end - start, 0))];
            var tags = new long[rounds.Length];
            for (int at = start; at < end; at += rounds.Length)
            {
                int length = Math.Min(rounds.Length, end - at);
                source.CopyTo(at, rounds.AsSpan(0, length), tags.AsSpan(0, length));
                for (int k = 0, next; k < length; k = next)
                {
                    next = k + 1;
                    while (next < length && rounds[next] == rounds[next - 1] + 1)
                        next++;
                    AddConsecutive(rounds[k], tags.AsSpan(k, next - k));
                }
            }
        }

        /// <summary>The rounds added so far (the window still filling is packed into the result; the builder goes on).</summary>
        public BlockTags Build()
        {
            var windows = new PackedSteps[_checkpoints.Count];
            _windows.CopyTo(windows);
            if (windows.Length > _windows.Count)
                windows[^1] = PackedSteps.Pack(_pending.AsSpan(0, ((Count - 1) & WindowMask) + 1));
            return new BlockTags(Count, [.. _runFirstRound], [.. _runStart], [.. _checkpoints], windows);
        }
    }
}
