using QkdEdge.Alignment;

namespace QkdEdge.Station.Pipeline;

/// <summary>
/// Alice's alignment of blocks with Bob's rounds. A block is aligned in chunks of <see cref="ChunkRounds"/>
/// of Alice's rounds, each chunk with the clock relation of the one before as its prior, exactly as the
/// aligner treats consecutive blocks: its cost grows faster than linearly with the rounds it is given, and a
/// locked prior still catches a trigger shift right at a chunk boundary. The prior is carried from block to
/// block (and across peer sessions: it describes the boards, not the session); when a locked prior no longer
/// fits (a board restarted), the chunk is aligned again from a cold start. A locked chunk that does not simply
/// continue the prior (a trigger missed or added, an outlier) is aligned again in pieces of <see cref="PieceRounds"/>,
/// the same way: the fast path takes every piece that continues the line, and the full aligner, some 50 times slower
/// per round, searches only the pieces around the irregularity instead of the whole chunk.
/// </summary>
public sealed class AlignmentState
{
    /// <summary>
    /// Rounds per chunk: 2^17 rounds is 1.3 s of rounds at 100 kHz, far longer than a clock relation needs
    /// to be fitted (the aligner asks for 32 pairs), and short enough that aligning stays linear in practice.
    /// </summary>
    public const int ChunkRounds = 1 << 17;

    /// <summary>
    /// Rounds per piece of a chunk the fast path refused: 2^9 is sixteen times the pairs a fit asks for, and keeps the
    /// full aligner's share of a chunk with one missed trigger to a 256th of it. Pieces are ranges of the chunk's
    /// arrays, not copies. Alternating runs of 2^24 rounds put 2^9 at or near the fastest of 2^8 to 2^13 for one missed
    /// trigger in 10^6 to 10^4 rounds (docs/station.md).
    /// </summary>
    public const int PieceRounds = 1 << 9;

    private readonly AlignmentOptions? _options;
    private AlignmentPrior _prior = AlignmentPrior.ColdStart;

    public AlignmentState(AlignmentOptions? options = null) => _options = options;

    /// <summary>Aligns a block; the result's ranges cover every chunk, its clock figures are the last chunk's.</summary>
    public AlignmentResult Align(TagSeries alice, TagSeries bob)
    {
        ArgumentNullException.ThrowIfNull(alice);
        ArgumentNullException.ThrowIfNull(bob);
        return Align(BlockTags.From(alice), BlockTags.From(bob));
    }

    /// <summary>
    /// Aligns a block held compactly: only the chunk being aligned is expanded to an array-backed series, so
    /// the block costs under half a byte per round per station (periodic triggers) instead of 16.
    /// </summary>
    public AlignmentResult Align(BlockTags alice, BlockTags bob)
    {
        ArgumentNullException.ThrowIfNull(alice);
        ArgumentNullException.ThrowIfNull(bob);
        // Every wait of the whole-series adapter completes at once, so this runs synchronously.
        return Synchronously(AlignAsync(new CompactAlice(alice), new WholeSeries(bob), ChunkRounds, CancellationToken.None));
    }

    /// <summary>
    /// Aligns a block while Bob's tags are still arriving: each chunk waits only for the rounds of Bob's that it
    /// needs, and Bob's rounds behind the last chunk are released, so the transfer, the decoding and the alignment
    /// overlap and Bob's whole series is never held. The result is the one <see cref="Align(BlockTags, BlockTags)"/>
    /// gives on the complete series.
    /// </summary>
    public Task<AlignmentResult> AlignAsync(BlockTags alice, StreamedTags bob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alice);
        ArgumentNullException.ThrowIfNull(bob);
        return AlignAsync(new CompactAlice(alice), new ArrivingSeries(bob), ChunkRounds, cancellationToken).AsTask();
    }

    private async ValueTask<AlignmentResult> AlignAsync(IAliceSeries alice, IBobSeries bob, int chunkRounds, CancellationToken cancellationToken)
    {
        if (alice.Count <= chunkRounds)
        {
            int all = await bob.CountAsync(cancellationToken).ConfigureAwait(false);
            return AlignChunk(alice.Slice(0, alice.Count, null), bob.Slice(0, all, null));
        }

        var ranges = new List<AlignedRange>();
        var shifts = new List<IndexShift>();
        long paired = 0;
        AlignmentResult? last = null;
        int bobStart = 0;
        TagSeries? aliceChunk = null, bobChunk = null;
        for (int start = 0; start < alice.Count; start += chunkRounds)
        {
            int end = Math.Min(alice.Count, start + chunkRounds);
            // Bob's rounds that pair with this chunk under the offset in force: Alice's round = Bob's + offset.
            long lastAliceRound = alice.RoundAt(end - 1);
            long offset = _prior.IndexOffset;
            // Bob's rounds up to Alice's last of the chunk under the offset: all of them for the last chunk.
            int bobEnd = end == alice.Count
                ? await bob.CountAsync(cancellationToken).ConfigureAwait(false)
                : Math.Max(bobStart, await bob.LowerBoundAsync(lastAliceRound - offset + 1, cancellationToken).ConfigureAwait(false));

            aliceChunk = alice.Slice(start, end, aliceChunk);
            bobChunk = bob.Slice(bobStart, bobEnd, bobChunk);
            var chunk = AlignChunk(aliceChunk, bobChunk);
            if (chunk.Status != AlignmentStatus.Aligned)
                return chunk with { Problem = $"rounds {alice.RoundAt(start)}..{lastAliceRound}: {chunk.Problem}" };
            ranges.AddRange(chunk.Ranges);
            shifts.AddRange(chunk.Shifts);
            paired += chunk.PairedRounds;
            last = chunk;
            // The next chunk starts after Bob's last paired round, not after the rounds offered: when a shift inside
            // this chunk moved the offset, Bob's last rounds here belong to Alice's next chunk, and cutting at the
            // offered end lost one round per shift. Rounds refused here are offered again and refused again.
            var lastRange = chunk.Ranges[^1];
            bobStart = await bob.LowerBoundAsync(lastRange.BobFirst + lastRange.Count, cancellationToken).ConfigureAwait(false);
            bob.ReleaseBefore(bobStart);
        }

        int bobCount = await bob.CountAsync(cancellationToken).ConfigureAwait(false);
        return last! with
        {
            Ranges = Merge(ranges),
            Shifts = shifts,
            PairedRounds = paired,
            RefusedBobRounds = bobCount - paired,
            UnpairedAliceRounds = alice.Count - paired,
        };
    }

    private AlignmentResult AlignChunk(TagSeries alice, TagSeries bob)
    {
        if (_prior.Clock is not null && alice.Count > PieceRounds && (_options?.TrackLockedBlocks ?? true))
        {
            if (RoundAligner.TryTrack(alice, bob, _prior, _options) is { } tracked)
            {
                _prior = tracked.Next;
                return tracked;
            }

            // Every wait over arrays completes at once. Should a piece fail where the whole chunk would not (a piece
            // with a shift and too few rounds of Bob's left after a transfer gap), the chunk goes whole, as before.
            var before = _prior;
            var pieces = Synchronously(AlignAsync(new ArrayAlice(alice), new ArrayBob(bob), PieceRounds, CancellationToken.None));
            if (pieces.Status == AlignmentStatus.Aligned)
                return pieces;
            _prior = before;
        }

        var result = RoundAligner.Align(alice, bob, _prior, _options);
        if (result.Status != AlignmentStatus.Aligned && _prior.Clock is not null)
            result = RoundAligner.Align(alice, bob, AlignmentPrior.ColdStart, _options);
        if (result.Status == AlignmentStatus.Aligned)
            _prior = result.Next;
        return result;
    }

    private static AlignmentResult Synchronously(ValueTask<AlignmentResult> aligning) =>
        aligning.IsCompleted ? aligning.GetAwaiter().GetResult() : throw new InvalidOperationException("Alignment over a whole series waited.");

    /// <summary>Alice's side of a block as the chunk loop reads it: the compact block, or a chunk being aligned in pieces.</summary>
    private interface IAliceSeries
    {
        int Count { get; }

        long RoundAt(int index);

        TagSeries Slice(int start, int end, TagSeries? reuse);
    }

    private sealed class CompactAlice(BlockTags tags) : IAliceSeries
    {
        public int Count => tags.Count;

        public long RoundAt(int index) => tags.RoundAt(index);

        public TagSeries Slice(int start, int end, TagSeries? reuse) => tags.Slice(start, end, reuse);
    }

    private sealed class ArrayAlice(TagSeries tags) : IAliceSeries
    {
        public int Count => tags.Count;

        public long RoundAt(int index) => tags.Rounds[index];

        public TagSeries Slice(int start, int end, TagSeries? reuse) => tags.Range(start, end);
    }

    /// <summary>Bob's side of a block as the chunk loop reads it: whole, or still arriving.</summary>
    private interface IBobSeries
    {
        ValueTask<int> LowerBoundAsync(long round, CancellationToken cancellationToken);

        ValueTask<int> CountAsync(CancellationToken cancellationToken);

        TagSeries Slice(int start, int end, TagSeries? reuse);

        void ReleaseBefore(int position);
    }

    private sealed class WholeSeries(BlockTags tags) : IBobSeries
    {
        public ValueTask<int> LowerBoundAsync(long round, CancellationToken cancellationToken) => ValueTask.FromResult(tags.LowerBound(round));

        public ValueTask<int> CountAsync(CancellationToken cancellationToken) => ValueTask.FromResult(tags.Count);

        public TagSeries Slice(int start, int end, TagSeries? reuse) => tags.Slice(start, end, reuse);

        public void ReleaseBefore(int position)
        {
        }
    }

    private sealed class ArrivingSeries(StreamedTags tags) : IBobSeries
    {
        public ValueTask<int> LowerBoundAsync(long round, CancellationToken cancellationToken) => tags.LowerBoundAsync(round, cancellationToken);

        public ValueTask<int> CountAsync(CancellationToken cancellationToken) => tags.CountAsync(cancellationToken);

        public TagSeries Slice(int start, int end, TagSeries? reuse) => tags.Slice(start, end, reuse);

        public void ReleaseBefore(int position) => tags.ReleaseBefore(position);
    }

    /// <summary>Bob's share of a chunk being aligned in pieces.</summary>
    private sealed class ArrayBob(TagSeries tags) : IBobSeries
    {
        public ValueTask<int> LowerBoundAsync(long round, CancellationToken cancellationToken)
        {
            int at = tags.Rounds.BinarySearch(round);
            return ValueTask.FromResult(at >= 0 ? at : ~at);
        }

        public ValueTask<int> CountAsync(CancellationToken cancellationToken) => ValueTask.FromResult(tags.Count);

        public TagSeries Slice(int start, int end, TagSeries? reuse) => tags.Range(start, end);

        public void ReleaseBefore(int position)
        {
        }
    }

    /// <summary>Joins ranges that continue each other across a chunk boundary.</summary>
    private static List<AlignedRange> Merge(List<AlignedRange> ranges)
    {
        var merged = new List<AlignedRange>(ranges.Count);
        foreach (var range in ranges)
        {
            if (merged.Count > 0 && merged[^1] is var previous
                && previous.BobFirst + previous.Count == range.BobFirst && previous.AliceFirst + previous.Count == range.AliceFirst)
                merged[^1] = previous with { Count = previous.Count + range.Count };
            else
                merged.Add(range);
        }

        return merged;
    }
}
