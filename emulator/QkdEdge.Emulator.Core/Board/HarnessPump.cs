namespace QkdEdge.Emulator.Board;

/// <summary>
/// Cycles a harness on a thread of its own while a host talks to the boards in real time (in-memory
/// streams or pseudo-terminals). When nothing can happen (the source is off, boards idle) it naps a
/// millisecond between cycles, so a waiting emulator costs no CPU worth mentioning. Runs stay
/// deterministic: the host's pace decides only when commands take effect, and with the default
/// <see cref="Configuration.SourceStart"/> not even which pulses the boards' rounds meet.
/// </summary>
public sealed class HarnessPump : IDisposable
{
    private const int IdleNapMilliseconds = 1;

    /// <summary>How long stopping waits for a cycle blocked on a host that stopped reading before it gives up on that host.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly BoardHarness _harness;
    private readonly object _gate = new();
    private Thread? _thread;
    private volatile bool _stopping;
    private Exception? _fault;

    public HarnessPump(BoardHarness harness)
    {
        ArgumentNullException.ThrowIfNull(harness);
        _harness = harness;
    }

    /// <summary>What stopped the pump thread, if it failed.</summary>
    public Exception? Fault
    {
        get
        {
            lock (_gate)
                return _fault;
        }
    }

    public bool IsRunning => _thread is { IsAlive: true };

    /// <summary>Cycles on the calling thread until <paramref name="cancellation"/> fires or <paramref name="until"/> holds.</summary>
    public void Run(CancellationToken cancellation, Func<BoardHarness, bool>? until = null)
    {
        while (!cancellation.IsCancellationRequested && !_stopping && (until is null || !until(_harness)))
        {
            if (_harness.Cycle() == 0)
                Thread.Sleep(IdleNapMilliseconds);
        }
    }

    /// <summary>Starts cycling on a background thread.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_thread is not null)
                throw new InvalidOperationException("The pump is already started.");
            _thread = new Thread(Loop) { IsBackground = true, Name = "board harness" };
            _thread.Start();
        }
    }

    /// <summary>
    /// Stops the background thread after its current cycle; rethrows what stopped it, if it failed. A
    /// cycle blocked for long on a host that no longer reads is freed by aborting the links (their
    /// later frames are dropped).
    /// </summary>
    public void Stop()
    {
        Halt(StopGrace);
        var fault = Fault;
        if (fault is not null)
            throw new InvalidOperationException("The emulation failed: " + fault.Message, fault);
    }

    /// <summary>Stops the background thread at once, giving up on any host it waits for (the emulation is being torn down).</summary>
    public void Dispose() => Halt(TimeSpan.Zero);

    private void Halt(TimeSpan grace)
    {
        _stopping = true;
        Thread? thread;
        lock (_gate)
            thread = _thread;
        if (thread is null || thread.Join(grace))
            return;
        foreach (var board in _harness.Boards)
            board.Link.Abort();
        thread.Join();
    }

    private void Loop()
    {
        try
        {
            Run(CancellationToken.None);
        }
        catch (Exception ex)
        {
            lock (_gate)
                _fault = ex;
        }
    }
}
