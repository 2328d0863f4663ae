using System.Threading.Channels;

namespace QkdEdge.Alignment;

/// <summary>
/// A station's tags for one block as they arrive from the peer, in consecutive segments (compact
/// <see cref="BlockTags"/>, increasing round indices across segments), for an aligner that works through the block
/// while the rest is still on its way. One producer adds segments and completes; one consumer asks for positions
/// (waiting until the segments that answer them have arrived), slices, and releases what it has finished with, so
/// only the segments between the consumer and the producer are held.
/// </summary>
public sealed class StreamedTags
{
    private readonly Channel<BlockTags> _incoming = Channel.CreateUnbounded<BlockTags>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly List<(int Start, BlockTags Segment)> _window = [];
    private int _received;
    private long _lastRound = long.MinValue;
    private bool _complete;

    /// <summary>Rounds the consumer holds now: received and not yet released.</summary>
    public int HeldRounds => _window.Sum(w => w.Segment.Count);

    /// <summary>Producer: the next segment (its rounds follow every round added before).</summary>
    public void Add(BlockTags segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (segment.Count > 0 && !_incoming.Writer.TryWrite(segment))
            throw new InvalidOperationException("Segments were added after the tags were completed.");
    }

    /// <summary>Producer: no more segments; with <paramref name="error"/>, the consumer's next wait throws it.</summary>
    public void Complete(Exception? error = null) => _incoming.Writer.TryComplete(error);

    /// <summary>
    /// Position of the first round whose index is at least <paramref name="round"/>, as <see cref="BlockTags.LowerBound"/>
    /// over the whole series; waits until a round at or past it has arrived, or the series is complete. Rounds before
    /// the released point are not searched: asked for one there, it answers the released point.
    /// </summary>
    public async ValueTask<int> LowerBoundAsync(long round, CancellationToken cancellationToken)
    {
        while (!_complete && _lastRound < round)
            await ReceiveAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (start, segment) in _window)
            if (segment.RoundAt(segment.Count - 1) >= round)
                return start + segment.LowerBound(round);
        return _received;
    }

    /// <summary>The number of rounds in the series, once it is complete.</summary>
    public async ValueTask<int> CountAsync(CancellationToken cancellationToken)
    {
        while (!_complete)
            await ReceiveAsync(cancellationToken).ConfigureAwait(false);
        return _received;
    }

    /// <summary>Positions [<paramref name="start"/>, <paramref name="end"/>), which must have arrived and not been released.</summary>
    public TagSeries Slice(int start, int end, TagSeries? reuse = null)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, end);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, _received);
        if (start < end && (_window.Count == 0 || start < _window[0].Start))
            throw new ArgumentOutOfRangeException(nameof(start), start, "Those rounds were released.");
        return TagSeries.Create(end - start, reuse, (rounds, tags) =>
        {
            int written = 0;
            foreach (var (first, segment) in _window)
            {
                int from = Math.Max(start, first), to = Math.Min(end, first + segment.Count);
                if (from >= to)
                    continue;
                segment.CopyTo(from - first, rounds.AsSpan(written, to - from), tags.AsSpan(written, to - from));
                written += to - from;
            }
        });
    }

    /// <summary>Drops the segments wholly before position <paramref name="position"/>: the consumer will not ask for them again.</summary>
    public void ReleaseBefore(int position)
    {
        int drop = 0;
        while (drop < _window.Count - 1 && _window[drop].Start + _window[drop].Segment.Count <= position)
            drop++;
        _window.RemoveRange(0, drop);
    }

    private async ValueTask ReceiveAsync(CancellationToken cancellationToken)
    {
        if (!await _incoming.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            _complete = true;
            return;
        }

        while (_incoming.Reader.TryRead(out var segment))
        {
            long first = segment.RoundAt(0);
            if (first <= _lastRound)
                throw new ArgumentException($"A segment starting at round {first} does not follow round {_lastRound}.");
            _window.Add((_received, segment));
            _received += segment.Count;
            _lastRound = segment.RoundAt(segment.Count - 1);
        }
    }
}
