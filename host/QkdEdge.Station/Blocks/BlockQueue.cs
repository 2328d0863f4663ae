namespace QkdEdge.Station.Blocks;

/// <summary>
/// Cut blocks waiting for the peer, in order. The ingest thread adds; the block pipeline takes. Bounded: when
/// the peer is down or slower than the board, the oldest blocks are dropped (and reported) rather than
/// holding every round in memory. Thread-safe.
/// </summary>
public sealed class BlockQueue
{
    private readonly object _gate = new();
    private readonly LinkedList<ClosedBlock> _blocks = new();
    private readonly int _capacity;
    private TaskCompletionSource _added = NewSignal();

    /// <summary>Blocks held for the peer at most: the one being run next, and two more while a peer reconnects.</summary>
    public const int MaxBlocks = 3;

    /// <summary>
    /// Rounds the queue holds at most when blocks are large: 2^25 rounds, about 200 MB at the 6 bytes a cut block
    /// keeps per round (setting, clicks, and index and time tag in <see cref="QkdEdge.Alignment.BlockTags"/>). In a
    /// demo with blocks of 113 million rounds (detectors of efficiency 0.96), whose emulated boards fill a block faster
    /// than the stations align and run it, each station queued three blocks, then 18 bytes per round each.
    /// </summary>
    public const long MaxQueuedRounds = 1L << 25;

    /// <summary>
    /// The queue's capacity for blocks of <paramref name="blockRounds"/> rounds: <see cref="MaxBlocks"/>, fewer when
    /// they would hold more than <see cref="MaxQueuedRounds"/>, and never less than one.
    /// </summary>
    public static int CapacityFor(long blockRounds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockRounds);
        return (int)Math.Clamp(MaxQueuedRounds / blockRounds, 1, MaxBlocks);
    }

    public BlockQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
    }

    /// <summary>Raised (on the adding thread) for a block dropped because the queue was full.</summary>
    public event Action<ClosedBlock, string>? Dropped;

    public int Count
    {
        get
        {
            lock (_gate)
                return _blocks.Count;
        }
    }

    public void Add(ClosedBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        ClosedBlock? dropped = null;
        TaskCompletionSource signal;
        lock (_gate)
        {
            if (_blocks.Count == _capacity)
            {
                dropped = _blocks.First!.Value;
                _blocks.RemoveFirst();
            }

            _blocks.AddLast(block);
            signal = _added;
            _added = NewSignal();
        }

        signal.TrySetResult();
        if (dropped is not null)
            Dropped?.Invoke(dropped, "the peer did not take it before newer blocks filled the queue");
    }

    /// <summary>The oldest block, waiting for one if none is queued.</summary>
    public async Task<ClosedBlock> TakeNextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_blocks.First is { } first)
                {
                    _blocks.RemoveFirst();
                    return first.Value;
                }

                wait = _added.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The block covering rounds [<paramref name="first"/>, <paramref name="end"/>), waiting up to
    /// <paramref name="timeout"/> for it to be cut. Older blocks are dropped (the peer has moved past them);
    /// null when a newer block is already queued or the wait runs out: this station has no such block.
    /// </summary>
    public async Task<ClosedBlock?> TakeMatchingAsync(long first, long end, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        while (true)
        {
            Task wait;
            var skipped = new List<ClosedBlock>();
            ClosedBlock? found = null;
            bool absent = false;
            lock (_gate)
            {
                while (_blocks.First is { } head && head.Value.EndRound <= first)
                {
                    skipped.Add(head.Value);
                    _blocks.RemoveFirst();
                }

                if (_blocks.First is { } match)
                {
                    if (match.Value.FirstRound == first && match.Value.EndRound == end)
                    {
                        found = match.Value;
                        _blocks.RemoveFirst();
                    }
                    else
                    {
                        absent = true;
                    }
                }

                wait = _added.Task;
            }

            foreach (var block in skipped)
                Dropped?.Invoke(block, "the peer moved past it");
            if (found is not null || absent)
                return found;
            try
            {
                await wait.WaitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
