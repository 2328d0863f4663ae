using System.Security.Cryptography;
using QkdEdge.Emulator.Board;
using QkdEdge.Emulator.Configuration;
using QkdEdge.Emulator.Links;
using QkdEdge.Emulator.Optics;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Engine;
using QkdEdge.Security.Planning;
using QkdEdge.Station.Configuration;
using QkdEdge.Station.Pipeline;
using QkdEdge.Station.Planning;
using QkdEdge.Station.Status;

namespace QkdEdge.Station.Tests.Support;

/// <summary>
/// Alice's and Bob's stations in this process, each with an emulated board on an in-memory link (droppable)
/// and an in-memory peer link (breakable), the real block engine, and a temporary data folder.
/// </summary>
internal sealed class StationPair : IAsyncDisposable
{
    /// <summary>
    /// A test plan: the ideal emulated link (visibility 1, ideal detectors: S = 2 sqrt2, Q = 0) with a weak
    /// soundness of 1e-2 and a margin of 1.2, which the analysis sizes at about a million rounds per block, so
    /// a block takes a second or two here. The numbers still come from the analysis, only its inputs are
    /// chosen for speed; the stations never see a hand-picked block size.
    /// </summary>
    public static readonly Lazy<BlockPlan> TestPlan = new(() =>
    {
        var protocol = TestProtocol;
        if (!StationPlanner.TryPlan(protocol, Protocols.ChshVaziraniVidick, new VerifyOnlyReconciliation(), out var plan, out var error))
            throw new InvalidOperationException(error);
        return plan!;
    });

    private readonly TempDirectory _directory = new();
    private readonly EmulatedBoardPair _boards;
    private readonly CancellationTokenSource _aliceStop = new();
    private readonly Func<StationHost> _bobParts;
    private readonly Action<string>? _log;
    private CancellationTokenSource _bobStop = new();
    private Task<StationRunResult>? _aliceRun;
    private Task<StationRunResult>? _bobRun;

    /// <param name="bobEngine">Wraps Bob's block engine (a test's fault at one station); the real engine when null.</param>
    public StationPair(ulong seed = 1, ReconnectPolicy? reconnect = null, Action<string>? log = null, int secretPadBytes = 16 * 1024,
        Func<IBlockEngine, IBlockEngine>? bobEngine = null)
    {
        string secret = _directory.File("link.psk");
        File.WriteAllBytes(secret, RandomNumberGenerator.GetBytes(32 + secretPadBytes));
        _boards = EmulatedBoardPair.Create(new EmulatorConfiguration { Seed = seed, Optics = OpticsPresets.VaziraniVidick(1) }, LinkKind.InMemory, recordGroundTruth: false);
        AliceBoard = new DroppableBoardConnector(_boards.Alice.Link.HostStream);
        BobBoard = new DroppableBoardConnector(_boards.Bob.Link.HostStream);
        var plan = _boards.Harness.Plan;
        var engine = ProtocolBlockEngine.Factory(Protocols.ChshVaziraniVidick, () => new VerifyOnlyReconciliation());
        // Short backoff: a test waits for reconnects in real time.
        reconnect ??= new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(400) };
        Alice = new StationHost(Options(StationRole.Alice, plan, secret, reconnect), TestPlan.Value,
            new StationParts { Board = AliceBoard, Peer = Peer.Listener, Engine = engine, StopGrace = TimeSpan.FromSeconds(20) });
        _bobParts = () => new StationHost(Options(StationRole.Bob, plan, secret, reconnect), TestPlan.Value,
            new StationParts
            {
                Board = BobBoard, Peer = Peer.Dialler, StopGrace = TimeSpan.FromSeconds(20),
                Engine = bobEngine is null ? engine : (store, plan) => bobEngine(engine(store, plan)),
            });
        Bob = _bobParts();
        _log = log;
        Watch(Alice, "alice");
        Watch(Bob, "bob  ");
    }

    public static ProtocolOptions TestProtocol => new()
    {
        ExpectedChsh = DetectionModel.ChshValue(1, 1, 1, 0),
        ExpectedErrorRate = DetectionModel.ErrorRate(1, 1, 1, 0),
        Soundness = 1e-2,
        BlockMargin = 1.2,
    };

    public StationHost Alice { get; }

    public StationHost Bob { get; private set; }

    public DroppableBoardConnector AliceBoard { get; }

    public DroppableBoardConnector BobBoard { get; }

    public InMemoryPeerLink Peer { get; } = new();

    public string DataDirectory => _directory.Path;

    public void Start()
    {
        _boards.Start();
        _aliceRun = Task.Run(() => Alice.RunAsync(_aliceStop.Token));
        _bobRun = Task.Run(() => Bob.RunAsync(_bobStop.Token));
    }

    /// <summary>Waits until <paramref name="condition"/> holds for both stations' status, or fails the test after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<StationStatus, StationStatus, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Alice.Status.Snapshot(), Bob.Status.Snapshot()))
        {
            if (_aliceRun is { IsCompleted: true } || _bobRun is { IsCompleted: true })
                throw new InvalidOperationException($"A station stopped while waiting for {what}: {Describe()}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No {what} within {timeout.TotalSeconds:0} s: {Describe()}");
            await Task.Delay(50);
        }
    }

    /// <summary>Stops Bob's station and starts a new one on the same data folder, board and peer link: a restarted host process.</summary>
    public async Task<StationRunResult> RestartBobAsync()
    {
        _bobStop.Cancel();
        var stopped = await _bobRun!;
        _bobStop = new CancellationTokenSource();
        Bob = _bobParts();
        Watch(Bob, "bob* ");
        _bobRun = Task.Run(() => Bob.RunAsync(_bobStop.Token));
        return stopped;
    }

    /// <summary>
    /// Runs until <paramref name="condition"/> holds after a block finished at either station, then asks both to
    /// stop at once, from inside the block's report, so no station opens another block meanwhile; fails the
    /// test after <paramref name="timeout"/>.
    /// </summary>
    public async Task<(StationRunResult Alice, StationRunResult Bob)> StopWhenAsync(Func<StationStatus, StationStatus, bool> condition, TimeSpan timeout, string what)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(BlockSummary _)
        {
            if (condition(Alice.Status.Snapshot(), Bob.Status.Snapshot()))
            {
                _aliceStop.Cancel();
                _bobStop.Cancel();
                reached.TrySetResult();
            }
        }

        Alice.Status.BlockFinished += Check;
        Bob.Status.BlockFinished += Check;
        Check(null!);
        try
        {
            await reached.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No {what} within {timeout.TotalSeconds:0} s: {Describe()}");
        }

        return (await _aliceRun!, await _bobRun!);
    }

    public async Task<(StationRunResult Alice, StationRunResult Bob)> StopAsync()
    {
        _aliceStop.Cancel();
        _bobStop.Cancel();
        return (await _aliceRun!, await _bobRun!);
    }

    public async ValueTask DisposeAsync()
    {
        if (_aliceRun is not null && !_aliceStop.IsCancellationRequested)
            await StopAsync();
        await Task.Run(_boards.Dispose).WaitAsync(TimeSpan.FromSeconds(10));
        _directory.Dispose();
    }

    private void Watch(StationHost host, string name)
    {
        if (_log is not { } log)
            return;
        host.Status.Logged += e => log($"{e.At:HH:mm:ss.fff} {name} {e.Message}");
        host.Status.BlockFinished += b => log($"{b.FinishedAt:HH:mm:ss.fff} {name} block {b.BlockId}: key {b.KeyBits} {b.AbortCause} {b.Detail} collected {b.CollectionTime.TotalSeconds:F2} s processed {b.ProcessingTime.TotalSeconds:F2} s");
    }

    private string Describe()
    {
        var a = Alice.Status.Snapshot();
        var b = Bob.Status.Snapshot();
        return $"alice {a.Phase} (board {a.Board.Link} {a.Board.LastError}; peer {a.Peer.Link} {a.Peer.LastError}; keys {a.Totals.Keys}, aborts {a.Totals.Aborts}, last {a.LastBlock?.AbortCause} {a.LastBlock?.Detail}), "
            + $"bob {b.Phase} (board {b.Board.Link} {b.Board.LastError}; peer {b.Peer.Link} {b.Peer.LastError}; keys {b.Totals.Keys}, aborts {b.Totals.Aborts}, last {b.LastBlock?.AbortCause} {b.LastBlock?.Detail})";
    }

    private StationOptions Options(StationRole role, RunPlan plan, string secret, ReconnectPolicy reconnect) => new()
    {
        Role = role,
        DataDirectory = _directory.File(role.ToString().ToLowerInvariant()),
        Board = new BoardLinkOptions { PortName = "in-process", RoundPeriodTicks = plan.PulsePeriodTicks, GateWidthTicks = plan.GateWidthTicks },
        Peer = new PeerLinkOptions
        {
            Mode = role == StationRole.Alice ? PeerConnectMode.Listen : PeerConnectMode.Connect,
            Host = "in-memory",
            Port = 0,
            PreSharedKeyPath = secret,
            ReceiveTimeout = TimeSpan.FromSeconds(20),
        },
        Protocol = TestProtocol,
        Reconnect = reconnect,
    };
}
