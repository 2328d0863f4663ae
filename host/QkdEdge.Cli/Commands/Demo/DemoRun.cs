using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using QkdEdge.Cli.Commands.Station;
using QkdEdge.Cli.Status;
using QkdEdge.Emulator.Board;
using QkdEdge.Emulator.Configuration;
using QkdEdge.Emulator.Links;
using QkdEdge.Emulator.Optics;
using QkdEdge.KeyStore;
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

namespace QkdEdge.Cli.Commands.Demo;

/// <summary>
/// The demo: two emulated boards on one entangled source (on pseudo-terminals, or in memory), Alice's and
/// Bob's stations in this process over loopback TCP with a freshly drawn pre-shared authentication secret,
/// run until both stations have committed the requested number of keys; then, unless told not to, every key
/// goes to two applications through the stations' KMEs (<see cref="DemoDelivery"/>, <see cref="DemoKeyFetch"/>).
/// The blocks are planned from the statistics the emulated devices are expected to show, exactly as for real devices.
/// </summary>
internal static class DemoRun
{
    /// <summary>
    /// Pre-shared secret: the 32-byte hash key plus 64 KiB of one-time pad, about 262 kbit per direction,
    /// which pays for some two thousand authenticated messages each way: hundreds of blocks.
    /// </summary>
    private const int PreSharedSecretBytes = 32 + (64 * 1024);

    /// <summary>Frames Bob's engine decodes at once: a station's default (every core), here shared by both stations and boards.</summary>
    public static int DecodingThreads => Environment.ProcessorCount;

    /// <summary>How long the emulator gets to wind down once both stations have stopped their boards.</summary>
    private static readonly TimeSpan EmulatorShutdown = TimeSpan.FromSeconds(10);

    /// <summary>The statistics the emulated devices show: the Born-rule model of the link planner, no dark counts.</summary>
    public static (double Chsh, double ErrorRate) Expected(double visibility, double efficiency) =>
        (DetectionModel.ChshValue(visibility, efficiency, efficiency, 0), DetectionModel.ErrorRate(visibility, efficiency, efficiency, 0));

    /// <summary>Plans the blocks for the settings; false with the analysis' reason when no key is possible.</summary>
    public static bool TryPlan(DemoSettings settings, out BlockPlan? plan, out string? error)
    {
        var (chsh, q) = Expected(settings.Visibility, settings.Efficiency);
        var protocol = new ProtocolOptions { ExpectedChsh = chsh, ExpectedErrorRate = q, Soundness = settings.Soundness, BlockMargin = settings.BlockMargin };
        if (!(chsh > 2))
        {
            plan = null;
            error = $"visibility {settings.Visibility} and efficiency {settings.Efficiency} give S = {chsh:F4}, no Bell violation: no key is possible.";
            return false;
        }

        return StationPlanner.TryPlan(protocol, Protocols.ChshVaziraniVidick, StationEngines.Reconciliation(DecodingThreads), out plan, out error);
    }

    public static async Task<DemoResult> RunAsync(DemoSettings settings, BlockPlan plan, Func<SqliteKeyStore, BlockPlan, IBlockEngine> engine,
        StatusMode mode, TextWriter log, CancellationToken cancellation)
    {
        var (chsh, q) = Expected(settings.Visibility, settings.Efficiency);
        var started = DateTimeOffset.UtcNow;
        bool temporary = settings.DataDirectory is null;
        string data = settings.DataDirectory ?? Path.Combine(Path.GetTempPath(), "qkdedge-demo-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        Directory.CreateDirectory(data);
        string secret = Path.Combine(data, "link.psk");
        await File.WriteAllBytesAsync(secret, RandomNumberGenerator.GetBytes(PreSharedSecretBytes), cancellation).ConfigureAwait(false);

        var pair = EmulatedBoardPair.Create(Emulator(settings), settings.Link, recordGroundTruth: false);
        DemoDelivery? delivery = null;
        try
        {
            StationHost alice, bob;
            StationsRun run;
            try
            {
                pair.Start();
                (alice, bob) = CreateStations(settings, plan, engine, pair, data, secret);
                if (settings.Delivery)
                {
                    long starting = Stopwatch.GetTimestamp();
                    delivery = await DemoDelivery.StartAsync(alice.KeyStorePath, bob.KeyStorePath, Path.Combine(data, "delivery"), cancellation).ConfigureAwait(false);
                    foreach (string line in delivery.Instructions())
                        log.WriteLine(line);
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"demo: both KMEs up in {Stopwatch.GetElapsedTime(starting).TotalSeconds:F2} s"));
                }

                string boards = settings.Link == LinkKind.PseudoTerminal ? $"boards on {pair.Alice.Link.PortName} and {pair.Bob.Link.PortName}" : "boards in memory";
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"demo: emulated {boards}, visibility {settings.Visibility}, efficiency {settings.Efficiency}: expected S = {chsh:F4}, Q = {q:P2}; "
                    + $"blocks of {plan.BlockRounds} rounds (smallest with a key {plan.MinimumBlockRounds}), test fraction {plan.TestFraction:G3}, "
                    + $"{plan.ExpectedKeyBits} key bits expected per block (reconciliation planned at f = {plan.ReconciliationEfficiency:F2}); data in {data}"));
                run = await RunStationsAsync(alice, bob, settings, mode, log, cancellation).ConfigureAwait(false);
            }
            finally
            {
                await StopEmulatorAsync(pair, log).ConfigureAwait(false);
            }

            var (keys, material) = ReadKeys(alice.KeyStorePath, bob.KeyStorePath, run.Committed, started, settings.Keys);
            string? failure = run.Failure;
            if (failure is null && keys.Count < settings.Keys)
                failure = $"only {keys.Count} of {settings.Keys} keys were committed at both stations";
            DemoDeliveryReport? report = null;
            if (delivery is not null && failure is null && keys.All(k => k.AliceSha256 == k.BobSha256))
            {
                long fetching = Stopwatch.GetTimestamp();
                var (delivered, bits) = await DemoKeyFetch.RunAsync(delivery, material, alice.KeyStorePath, bob.KeyStorePath, cancellation).ConfigureAwait(false);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"demo: {delivered.KeysDelivered} keys delivered to {delivered.MasterSae} and {delivered.SlaveSae} and checked in {Stopwatch.GetElapsedTime(fetching).TotalSeconds:F2} s"));
                report = delivered;
                keys = [.. keys.Select(k => k with { DeliveredBits = bits.GetValueOrDefault(k.BlockId) })];
            }
            foreach (var key in material)
                CryptographicOperations.ZeroMemory(key.Material);

            var aliceTotals = alice.Status.Snapshot().Totals;
            var bobTotals = bob.Status.Snapshot().Totals;
            return new DemoResult(keys, settings.Keys, plan, chsh, q, settings, aliceTotals.RoundsArchived, bobTotals.RoundsArchived,
                aliceTotals.Aborts, (DateTimeOffset.UtcNow - started).TotalSeconds, failure, report);
        }
        finally
        {
            if (delivery is not null)
                await delivery.DisposeAsync().ConfigureAwait(false);
            if (temporary)
                TryDelete(data, log);
        }
    }

    /// <summary>Both stations on the emulated boards, Alice listening on a free loopback port and Bob dialling it.</summary>
    private static (StationHost Alice, StationHost Bob) CreateStations(DemoSettings settings, BlockPlan plan, Func<SqliteKeyStore, BlockPlan, IBlockEngine> engine,
        EmulatedBoardPair pair, string data, string secret)
    {
        var (chsh, q) = Expected(settings.Visibility, settings.Efficiency);
        var runPlan = pair.Harness.Plan;
        // The emulated boards go away with the demo: stopping them as the stations stop leaves nothing in flight
        // on their links, so the emulator shuts down at once.
        var board = new BoardLinkOptions
        {
            PortName = "emulated",
            RoundPeriodTicks = runPlan.PulsePeriodTicks,
            GateWidthTicks = runPlan.GateWidthTicks,
            BaudRate = runPlan.Board.Baud,
            StopOnExit = true,
        };
        var protocol = new ProtocolOptions { ExpectedChsh = chsh, ExpectedErrorRate = q, Soundness = settings.Soundness, BlockMargin = settings.BlockMargin };

        var alicePeer = new TcpPeerConnector(new PeerLinkOptions { Mode = PeerConnectMode.Listen, Host = "127.0.0.1", Port = 0, PreSharedKeyPath = secret });
        int port = alicePeer.StartListening();
        var bobPeer = new TcpPeerConnector(new PeerLinkOptions { Mode = PeerConnectMode.Connect, Host = "127.0.0.1", Port = port, PreSharedKeyPath = secret });

        var aliceBoard = BoardOf(pair.Alice, settings.Link, board.BaudRate);
        var bobBoard = BoardOf(pair.Bob, settings.Link, board.BaudRate);
        var alice = new StationHost(Options(StationRole.Alice, data, board with { PortName = aliceBoard.Description }, port, secret, protocol, PeerConnectMode.Listen), plan,
            new StationParts { Board = aliceBoard, Peer = alicePeer, Engine = engine });
        var bob = new StationHost(Options(StationRole.Bob, data, board with { PortName = bobBoard.Description }, port, secret, protocol, PeerConnectMode.Connect), plan,
            new StationParts { Board = bobBoard, Peer = bobPeer, Engine = engine });
        return (alice, bob);
    }

    /// <summary>How the stations' run ended, and when each key was committed at each station.</summary>
    private sealed record StationsRun(string? Failure, ConcurrentDictionary<string, (DateTimeOffset? Alice, DateTimeOffset? Bob)> Committed);

    /// <summary>
    /// Runs both stations until both have committed the requested keys (then stops them from inside the report of
    /// the last key, so no new block is begun), until one fails for good, or until the timeout.
    /// </summary>
    private static async Task<StationsRun> RunStationsAsync(StationHost alice, StationHost bob, DemoSettings settings, StatusMode mode, TextWriter log,
        CancellationToken cancellation)
    {
        string? failure = null;
        var committed = new ConcurrentDictionary<string, (DateTimeOffset? Alice, DateTimeOffset? Bob)>();
        using var aliceStop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var bobStop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var deadline = new CancellationTokenSource(settings.Timeout);
        using var onDeadline = deadline.Token.Register(() =>
        {
            failure ??= $"no {settings.Keys} keys within {settings.Timeout.TotalSeconds:0} s";
            aliceStop.Cancel();
            bobStop.Cancel();
        });

        void Record(string id, StationRole role, DateTimeOffset at)
        {
            var both = committed.AddOrUpdate(id,
                _ => role == StationRole.Alice ? (at, null) : (null, at),
                (_, v) => role == StationRole.Alice ? (at, v.Bob) : (v.Alice, at));
            if (both.Alice is not null && both.Bob is not null && committed.Values.Count(v => v.Alice is not null && v.Bob is not null) >= settings.Keys)
            {
                aliceStop.Cancel();
                bobStop.Cancel();
            }
        }

        alice.Status.BlockFinished += s => { if (s.ProducedKey) Record(s.KeyBlockId, StationRole.Alice, s.FinishedAt); };
        bob.Status.BlockFinished += s => { if (s.ProducedKey) Record(s.KeyBlockId, StationRole.Bob, s.FinishedAt); };

        var results = await StatusDisplay.RunAsync(mode, [alice.Status, bob.Status], log, async () =>
        {
            var aliceRun = RunUntilFailure(alice, aliceStop, bobStop);
            var bobRun = RunUntilFailure(bob, bobStop, aliceStop);
            return await Task.WhenAll(aliceRun, bobRun).ConfigureAwait(false);
        }).ConfigureAwait(false);

        failure ??= results.FirstOrDefault(r => r.Failed)?.Reason;
        if (cancellation.IsCancellationRequested)
            failure ??= "interrupted";
        return new StationsRun(failure, committed);
    }

    private static EmulatorConfiguration Emulator(DemoSettings settings)
    {
        StationOpticsOptions Station() => new() { Detector0Efficiency = settings.Efficiency, Detector1Efficiency = settings.Efficiency };
        var optics = OpticsPresets.VaziraniVidick(settings.Visibility);
        return new EmulatorConfiguration
        {
            Seed = settings.Seed,
            Optics = new OpticsOptions
            {
                Model = optics.Model,
                State = optics.State,
                Stations = optics.Stations,
                Visibility = optics.Visibility,
                StationOptics = [Station(), Station()],
            },
        };
    }

    private static StationOptions Options(StationRole role, string data, BoardLinkOptions board, int port, string secret,
        ProtocolOptions protocol, PeerConnectMode mode) => new()
    {
        Role = role,
        DataDirectory = Path.Combine(data, role.ToString().ToLowerInvariant()),
        Board = board,
        Peer = new PeerLinkOptions { Mode = mode, Host = "127.0.0.1", Port = port, PreSharedKeyPath = secret },
        Protocol = protocol,
    };

    private static IBoardConnector BoardOf(EmulatedBoard board, LinkKind link, int baud) => link == LinkKind.PseudoTerminal
        ? new SerialBoardConnector(board.Link.PortName!, baud)
        : new StreamBoardConnector($"in-process board {board.Name}", () => board.Link.HostStream);

    /// <summary>Runs a station; if it fails for good, the other one is stopped too (a demo needs both).</summary>
    private static async Task<StationRunResult> RunUntilFailure(StationHost host, CancellationTokenSource own, CancellationTokenSource other)
    {
        var result = await host.RunAsync(own.Token).ConfigureAwait(false);
        if (result.Failed)
            other.Cancel();
        return result;
    }

    /// <summary>
    /// This run's keys committed at both stations, in the order Alice committed them (the order her KME hands
    /// them out), with Alice's key bytes for the delivery check.
    /// </summary>
    private static (List<DemoKey> Keys, List<BlockKey> Material) ReadKeys(string alicePath, string bobPath,
        ConcurrentDictionary<string, (DateTimeOffset? Alice, DateTimeOffset? Bob)> committed, DateTimeOffset started, int count)
    {
        using var aliceStore = SqliteKeyStore.Open(alicePath);
        using var bobStore = SqliteKeyStore.Open(bobPath);
        var bobKeys = bobStore.CommittedKeys().ToDictionary(k => k.BlockId, StringComparer.Ordinal);
        var keys = new List<DemoKey>();
        var material = new List<BlockKey>();
        // Only this run's keys: a kept data folder also holds the keys of earlier runs.
        foreach (var key in aliceStore.CommittedKeys().Where(k => committed.ContainsKey(k.BlockId)))
        {
            if (!bobKeys.TryGetValue(key.BlockId, out var bobKey))
                continue;
            double seconds = committed.TryGetValue(key.BlockId, out var at) && at.Alice is { } a && at.Bob is { } b
                ? ((a > b ? a : b) - started).TotalSeconds
                : double.NaN;
            double efficiency = key.Provenance.Parameters.TryGetValue(KeyProvenance.ReconciliationEfficiencyParameter, out double f) ? f : double.NaN;
            keys.Add(new DemoKey(key.BlockId, key.Sha256, bobKey.Sha256, key.Bits, key.Provenance.Chsh, key.Provenance.ErrorRate, efficiency, seconds));
            material.Add(new BlockKey(key.BlockId, key.Bits, key.Key, key.AuthenticationBytes));
            if (keys.Count == count)
                break;
        }

        foreach (var bobKey in bobKeys.Values)
            CryptographicOperations.ZeroMemory(bobKey.Key);
        return (keys, material);
    }

    /// <summary>
    /// Both stations stopped their boards, so the emulation has nothing left to send; the shutdown is still
    /// bounded, since a board whose host stopped reading holds the emulation thread on its full link.
    /// </summary>
    private static async Task StopEmulatorAsync(EmulatedBoardPair pair, TextWriter log)
    {
        try
        {
            await Task.Run(pair.Dispose).WaitAsync(EmulatorShutdown).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            log.WriteLine($"demo: the emulator did not shut down within {EmulatorShutdown.TotalSeconds:0} s; leaving it to process exit");
        }
    }

    private static void TryDelete(string directory, TextWriter log)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.WriteLine($"demo: could not remove {directory}: {ex.Message}");
        }
    }
}
