namespace QkdEdge.Alignment;

/// <summary>
/// A whole block's round indices and time tags, held compactly: the indices as runs of consecutive rounds (a block
/// has few gaps) and each tag as its 32-bit step from the previous round's, about 4 bytes per round instead of the
/// 16 of <see cref="TagSeries"/>. Blocks of 10^8 rounds are what detectors of efficiency 0.95 need, and the stations
/// kept several of them as 64-bit arrays. The aligner works on <see cref="TagSeries"/> chunks cut from it
/// (<see cref="Slice"/>). Immutable; build with <see cref="Builder"/>.
/// </summary>
public sealed class BlockTags
{
    /// <summary>Rounds between stored absolute tags: reaching any tag costs at most this many additions.</summary>
    private const int CheckpointShift = 12;

    /// <summary>Marks a step that does not fit 32 bits; its value is in <see cref="_escapes"/>.</summary>
    private const int Escaped = int.MinValue;

    private readonly long[] _runFirstRound;
    private readonly int[] _runStart;
    private readonly int[] _steps;
    private readonly long[] _checkpoints;
    private readonly Dictionary<int, long>? _escapes;

    private BlockTags(int count, long[] runFirstRound, int[] runStart, int[] steps, long[] checkpoints, Dictionary<int, long>? escapes)
    {
        Count = count;
        _runFirstRound = runFirstRound;
        _runStart = runStart;
        _steps = steps;
        _checkpoints = checkpoints;
        _escapes = escapes;
    }

    public static BlockTags Empty { get; } = new Builder(0).Build();

    public int Count { get; }

    /// <summary>Runs of consecutive round indices (one for a block without gaps).</summary>
    public int RunCount => _runStart.Length;

    /// <summary>Bytes held, for memory accounting.</summary>
    public long Bytes => (12L * _runStart.Length) + (4L * _steps.Length) + (8L * _checkpoints.Length) + (16L * (_escapes?.Count ?? 0));

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

    /// <summary>Time tag at position <paramref name="index"/>.</summary>
    public long TagAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        int from = index >> CheckpointShift << CheckpointShift;
        long tag = _checkpoints[index >> CheckpointShift];
        for (int i = from + 1; i <= index; i++)
            tag = unchecked(tag + Step(i));
        return tag;
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
        int checkpoints = (end + (1 << CheckpointShift) - 1) >> CheckpointShift;
        return new BlockTags(end, _runFirstRound[..runs], _runStart[..runs], _steps, _checkpoints[..checkpoints], _escapes);
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
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + length, Count, nameof(start));
        int run = RunOf(start);
        long tag = TagAt(start);
        for (int k = 0; k < length; k++)
        {
            int i = start + k;
            if (k > 0)
                tag = unchecked(tag + Step(i));
            while (run + 1 < _runStart.Length && _runStart[run + 1] <= i)
                run++;
            rounds[k] = _runFirstRound[run] + (i - _runStart[run]);
            tags[k] = tag;
        }
    }

    private long Step(int index)
    {
        int step = _steps[index];
        return step == Escaped ? _escapes![index] : step;
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
        private readonly List<long> _checkpoints = [];
        private Dictionary<int, long>? _escapes;
        private int[] _steps;
        private long _lastRound;
        private long _lastTag;

        /// <param name="expectedRounds">Rounds expected: the step buffer is allocated once at this size when it holds them all.</param>
        public Builder(long expectedRounds)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(expectedRounds);
            _steps = new int[(int)Math.Min(expectedRounds, Array.MaxLength)];
        }

        public int Count { get; private set; }

        /// <summary>Index of the newest round added, or null.</summary>
        public long? LastRound => Count == 0 ? null : _lastRound;

        public void Add(long round, long tag)
        {
            if (Count > 0 && round <= _lastRound)
                throw new ArgumentException($"Round indices must increase (round {round} after {_lastRound}).", nameof(round));
            if (Count == _steps.Length)
                Array.Resize(ref _steps, (int)Math.Min(Array.MaxLength, Math.Max(1024, 2L * _steps.Length)));
            if (Count == 0 || round != _lastRound + 1)
            {
                _runFirstRound.Add(round);
                _runStart.Add(Count);
            }

            if ((Count & ((1 << CheckpointShift) - 1)) == 0)
                _checkpoints.Add(tag);
            StoreStep(Count, Count == 0 ? 0 : unchecked(tag - _lastTag));
            _lastRound = round;
            _lastTag = tag;
            Count++;
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
            int needed = Count + tags.Length - 1;
            if (needed > _steps.Length)
                Array.Resize(ref _steps, (int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * _steps.Length)));
            const int checkpointMask = (1 << CheckpointShift) - 1;
            long last = _lastTag;
            int count = Count;
            for (int k = 1; k < tags.Length; k++, count++)
            {
                long tag = tags[k];
                if ((count & checkpointMask) == 0)
                    _checkpoints.Add(tag);
                StoreStep(count, unchecked(tag - last));
                last = tag;
            }

            Count = count;
            _lastTag = last;
            _lastRound = firstRound + tags.Length - 1;
        }

        private void StoreStep(int index, long step)
        {
            if (step is > int.MinValue and <= int.MaxValue)
            {
                _steps[index] = (int)step;
            }
            else
            {
                _steps[index] = Escaped;
                (_escapes ??= [])[index] = step;
            }
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

        /// <summary>
        /// The rounds added so far. The result shares the step buffer (no copy: size the builder for its rounds), so the
        /// builder is not to be used afterwards.
        /// </summary>
        public BlockTags Build() => new(Count, [.. _runFirstRound], [.. _runStart], _steps, [.. _checkpoints], _escapes);
    }
}
