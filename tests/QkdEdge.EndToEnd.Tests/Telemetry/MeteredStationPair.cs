using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using QkdEdge.Emulator.Board;
using QkdEdge.Emulator.Configuration;
using QkdEdge.Emulator.Links;
using QkdEdge.Emulator.Optics;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Engine;
using QkdEdge.Security.Planning;
using QkdEdge.Station;
using QkdEdge.Station.Board;
using QkdEdge.Station.Configuration;
using QkdEdge.Station.Peer;
using QkdEdge.Station.Pipeline;
using QkdEdge.Station.Planning;
using QkdEdge.Station.Status;
using QkdEdge.Station.Tests.Support;
using QkdEdge.Telemetry;

namespace QkdEdge.EndToEnd.Tests.Telemetry;

/// <summary>
/// Alice's and Bob's stations in this process as an operator runs them, each with its Prometheus endpoint
/// on loopback: emulated boards on in-memory links, the peer channel over loopback TCP, the real block
/// engine. For speed it uses the station tests' link and plan: the ideal emulated source (visibility 1,
/// ideal detectors: S = 2 sqrt 2, Q = 0) with soundness 1e-2 and a block margin of 1.2, which the analysis
/// sizes at about a million rounds per block, and reconciliation that only verifies (no errors to correct).
/// Everything each station reports is kept: its finished blocks and its log.
/// </summary>
internal sealed class MeteredStationPair : IAsyncDisposable
{
    /// <summary>Dead time both stations are configured with: the saturation limit the metrics must report.</summary>
    public const double DetectorDeadTimeNanoseconds = 45;

    private readonly string _folder = Directory.CreateTempSubdirectory("metered-stations-").FullName;
    private readonly EmulatedBoardPair _boards;
    private readonly CancellationTokenSource _stop = new();

    private MeteredStationPair(ulong seed)
    {
        string secret = Path.Combine(_folder, "link.psk");
        File.WriteAllBytes(secret, RandomNumberGenerator.GetBytes(32 + (16 * 1024)));
        _boards = EmulatedBoardPair.Create(new EmulatorConfiguration { Seed = seed, Optics = OpticsPresets.VaziraniVidick(1) }, LinkKind.InMemory, recordGroundTruth: false);
        RunPlan = _boards.Harness.Plan;

        if (!StationPlanner.TryPlan(Protocol, Protocols.ChshVaziraniVidick, new VerifyOnlyReconciliation(), out var plan, out var error))
            throw new InvalidOperationException(error);
        var engine = ProtocolBlockEngine.Factory(Protocols.ChshVaziraniVidick, () => new VerifyOnlyReconciliation());
        var listen = PeerOptions(PeerConnectMode.Listen, 0, secret);
        var listener = new TcpPeerConnector(listen);
        var dial = PeerOptions(PeerConnectMode.Connect, listener.StartListening(), secret);
        Alice = Create(StationRole.Alice, _boards.Alice, listen, listener, plan!, engine);
        Bob = Create(StationRole.Bob, _boards.Bob, dial, new TcpPeerConnector(dial), plan!, engine);
    }

    public static ProtocolOptions Protocol => new()
    {
        ExpectedChsh = DetectionModel.ChshValue(1, 1, 1, 0),
        ExpectedErrorRate = DetectionModel.ErrorRate(1, 1, 1, 0),
        Soundness = 1e-2,
        BlockMargin = 1.2,
    };

    public MeteredStation Alice { get; }

    public MeteredStation Bob { get; }

    /// <summary>The emulated boards' timing: round period and tick rate.</summary>
    public RunPlan RunPlan { get; }

    public static async Task<MeteredStationPair> StartAsync(ulong seed)
    {
        var pair = new MeteredStationPair(seed);
        await pair.Alice.StartMetricsAsync();
        await pair.Bob.StartMetricsAsync();
        return pair;
    }

    /// <summary>Runs both stations until each holds <paramref name="keys"/> keys, then stops them from inside the last block's report.</summary>
    public async Task<(StationRunResult Alice, StationRunResult Bob)> RunUntilKeysAsync(int keys, TimeSpan timeout)
    {
        void Check(BlockSummary _)
        {
            if (Alice.Host.Status.Snapshot().Totals.Keys >= keys && Bob.Host.Status.Snapshot().Totals.Keys >= keys)
                _stop.Cancel();
        }

        Alice.Host.Status.BlockFinished += Check;
        Bob.Host.Status.BlockFinished += Check;
        _boards.Start();
        var alice = Task.Run(() => Alice.Host.RunAsync(_stop.Token));
        var bob = Task.Run(() => Bob.Host.RunAsync(_stop.Token));
        _stop.CancelAfter(timeout);
        return (await alice, await bob);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await Alice.DisposeAsync();
        await Bob.DisposeAsync();
        await Task.Run(_boards.Dispose).WaitAsync(TimeSpan.FromSeconds(10));
        Directory.Delete(_folder, recursive: true);
    }

    private MeteredStation Create(StationRole role, EmulatedBoard board, PeerLinkOptions peerOptions, IPeerConnector peer, BlockPlan plan,
        Func<KeyStore.SqliteKeyStore, BlockPlan, IBlockEngine> engine)
    {
        string name = role.ToString().ToLowerInvariant();
        var options = new StationOptions
        {
            Role = role,
            DataDirectory = Path.Combine(_folder, name),
            // Stopping the boards with the stations leaves nothing in flight, so the emulator shuts down at once.
            Board = new BoardLinkOptions
            {
                PortName = "in-process", RoundPeriodTicks = RunPlan.PulsePeriodTicks, GateWidthTicks = RunPlan.GateWidthTicks, StopOnExit = true,
                DetectorDeadTimeNanoseconds = DetectorDeadTimeNanoseconds,
            },
            Peer = peerOptions,
            Protocol = Protocol,
        };
        var metrics = StationMetrics.Create(name);
        return new MeteredStation(new StationHost(options, plan, new StationParts
        {
            Board = new StreamBoardConnector($"in-process board {board.Name}", () => board.Link.HostStream),
            Peer = peer,
            Engine = engine,
            Metrics = metrics,
            StopGrace = TimeSpan.FromSeconds(20),
        }), metrics);
    }

    private static PeerLinkOptions PeerOptions(PeerConnectMode mode, int port, string secret) => new()
    {
        Mode = mode,
        Host = "127.0.0.1",
        Port = port,
        PreSharedKeyPath = secret,
        ReceiveTimeout = TimeSpan.FromSeconds(20),
    };
}

/// <summary>One station with its metrics endpoint, and what it reported while it ran.</summary>
internal sealed class MeteredStation : IAsyncDisposable
{
    private readonly ConcurrentQueue<BlockSummary> _blocks = new();
    private readonly ConcurrentQueue<string> _log = new();
    private MetricsHost? _endpoint;

    public MeteredStation(StationHost host, StationMetrics metrics)
    {
        Host = host;
        Metrics = metrics;
        host.Status.BlockFinished += _blocks.Enqueue;
        host.Status.Logged += entry => _log.Enqueue(entry.Message);
    }

    public StationHost Host { get; }

    public StationMetrics Metrics { get; }

    public IReadOnlyList<BlockSummary> Blocks => [.. _blocks];

    public IReadOnlyList<string> Log => [.. _log];

    public Uri MetricsAddress => _endpoint?.Address ?? throw new InvalidOperationException("Not started.");

    public async Task StartMetricsAsync() =>
        _endpoint = await MetricsHost.StartAsync(Metrics.Registry, new IPEndPoint(IPAddress.Loopback, 0));

    public async ValueTask DisposeAsync()
    {
        if (_endpoint is not null)
            await _endpoint.DisposeAsync();
    }
}
