using System.CommandLine;
using System.Globalization;
using System.Net;
using QkdEdge.Cli.Status;
using QkdEdge.Delivery;
using QkdEdge.Delivery.Configuration;
using QkdEdge.Protocol.Description;
using QkdEdge.Station;
using QkdEdge.Station.Board;
using QkdEdge.Station.Configuration;
using QkdEdge.Station.Peer;
using QkdEdge.Station.Planning;
using QkdEdge.Telemetry;

namespace QkdEdge.Cli.Commands.Station;

/// <summary>
/// <c>qkdedge station</c>: runs one station against its board on a serial port and the other station over
/// TCP until Ctrl-C. Configuration comes from a JSON file (--config), QKDEDGE_ environment variables and
/// flags, in rising precedence; the action checks it (the delivery section included), plans the blocks and
/// hands over to <see cref="StationHost"/>, with the station's KME beside it when delivery is configured.
/// </summary>
internal sealed class StationCommand : ConfiguredCommand
{
    public StationCommand()
        : base("station",
            "Run one station: configure and start the board on a serial port, archive every round, cut blocks sized by the "
            + "security analysis, run them with the other station over an authenticated TCP session, store the keys, and "
            + "deliver them to applications over ETSI GS QKD 014 when a delivery section is configured. "
            + "Reconnects the board and the peer with backoff; Ctrl-C stops cleanly (archive sealed, key store and key pool flushed; the board keeps running). "
            + "Settings come from --config (JSON), then QKDEDGE_ environment variables (QKDEDGE_PEER__PORT=7420 sets peer:port), then flags; later ones win.\n"
            + "Example: qkdedge station --role alice --data ./alice --port /dev/ttyUSB0 --round-period 100 --gate-width 20 "
            + "--psk ./link.psk --expected-chsh 2.80 --expected-qber 0.005",
            "JSON configuration file (keys as in docs/station.md, e.g. {\"role\": \"alice\", \"board\": {\"port\": \"/dev/ttyUSB0\"}}; "
            + "key delivery in its \"delivery\" section, docs/key-delivery.md).",
            "Print each finished block as one JSON line on standard output; log lines go to standard error.")
    {
        AddOptions();
    }

    internal ConfiguredOption Role { get; } = ConfiguredOption.Create("--role", "role", "alice (leads the protocol) or bob");

    internal ConfiguredOption Data { get; } = ConfiguredOption.Create("--data", "dataDirectory", "Folder for the archive, key store and authentication key pool");

    internal ConfiguredOption Port { get; } = ConfiguredOption.Create("--port", "board:port", "The board's serial port");

    internal ConfiguredOption Baud { get; } = ConfiguredOption.Create("--baud", "board:baud", "Serial line rate (default 2000000)");

    internal ConfiguredOption RoundPeriod { get; } = ConfiguredOption.Create("--round-period", "board:roundPeriodTicks", "The source's trigger period in board ticks");

    internal ConfiguredOption GateWidth { get; } = ConfiguredOption.Create("--gate-width", "board:gateWidthTicks", "Detector gate width in board ticks");

    internal ConfiguredOption BatchSize { get; } = ConfiguredOption.Create("--batch-size", "board:batchSize", "Rounds per batch (default: the board's largest)");

    internal ConfiguredOption StopBoard { get; } = ConfiguredOption.Create("--stop-board-on-exit", "board:stopOnExit", "true: stop the board when the station stops (default false: it keeps counting triggers, so blocks still pair after a restart)");

    internal ConfiguredOption PeerMode { get; } = ConfiguredOption.Create("--peer-mode", "peer:mode", "listen or connect (default: alice listens, bob connects)");

    internal ConfiguredOption PeerHost { get; } = ConfiguredOption.Create("--peer-host", "peer:host", "Address to listen on, or the peer to dial");

    internal ConfiguredOption PeerPort { get; } = ConfiguredOption.Create("--peer-port", "peer:port", $"TCP port of the peer channel (default {StationConfigurationReader.DefaultPeerPort})");

    internal ConfiguredOption PreSharedKey { get; } = ConfiguredOption.Create("--psk", "peer:preSharedKey", "Pre-shared authentication secret file, identical at both stations (first run only)");

    internal ConfiguredOption ExpectedChsh { get; } = ConfiguredOption.Create("--expected-chsh", "protocol:expectedChsh", "CHSH value S the installed devices show");

    internal ConfiguredOption ExpectedQber { get; } = ConfiguredOption.Create("--expected-qber", "protocol:expectedErrorRate", "Error rate Q on key rounds the installed devices show");

    internal ConfiguredOption Soundness { get; } = ProtocolFlags.Soundness();

    internal ConfiguredOption BlockMargin { get; } = ProtocolFlags.BlockMargin();

    internal ConfiguredOption MetricsPort { get; } = ConfiguredOption.Create("--metrics-port", "metrics:port", "Serve Prometheus metrics at http://127.0.0.1:PORT/metrics");

    internal ConfiguredOption DecodingThreads { get; } = ConfiguredOption.Create("--decoding-threads", "engine:decodingThreads", "Frames Bob's error correction decodes at once (default: every core)");

    internal override IReadOnlyList<ConfiguredOption> Settings =>
    [
        Role, Data, Port, Baud, RoundPeriod, GateWidth, BatchSize, StopBoard, PeerMode, PeerHost, PeerPort, PreSharedKey,
        ExpectedChsh, ExpectedQber, Soundness, BlockMargin, MetricsPort, DecodingThreads,
    ];

    protected override async Task<int> RunAsync(CommandContext context, CancellationToken cancellation)
    {
        var (output, error, log) = (context.Output, context.Error, context.Log);
        bool read = StationConfigurationReader.TryRead(context.Configuration, out var options, out var errors);
        // The delivery section is checked in the same pass, so one run lists every problem of the configuration.
        string role = string.IsNullOrWhiteSpace(context.Configuration["role"]) ? "station" : context.Configuration["role"]!.Trim();
        if (!KeyDeliveryConfiguration.TryRead(context.Configuration, role, out var delivery, out var deliveryErrors) || !read)
        {
            delivery?.ServerCertificate.Dispose();
            return CommandErrors.BadInput(error, [.. errors, .. deliveryErrors]);
        }
        if (!StationPlanner.TryPlan(options!.Protocol, Protocols.ChshVaziraniVidick, StationEngines.Reconciliation(options.DecodingThreads), out var plan, out string? problem))
            return CommandErrors.BadInput(error, [$"protocol: {problem}"]);

        var metrics = options.MetricsPort is null ? null : StationMetrics.Create(options.Role.ToString().ToLowerInvariant());
        var parts = new StationParts
        {
            Board = new SerialBoardConnector(options.Board.PortName, options.Board.BaudRate),
            Peer = new TcpPeerConnector(options.Peer),
            Engine = StationEngines.Create(options.DecodingThreads),
            Metrics = metrics,
            // Ctrl-C leaves the command two seconds to finish: cut a running block short rather than be killed mid-flush.
            StopGrace = TimeSpan.FromSeconds(1),
        };
        var host = new StationHost(options, plan!, parts);
        if (context.Json)
            host.Status.BlockFinished += summary => StationJson.WriteBlock(output, options.Role, summary);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{options.Role}: blocks of {plan!.BlockRounds} rounds (smallest with a key: {plan.MinimumBlockRounds}), test fraction {plan.TestFraction:G4}, "
            + $"{plan.ExpectedKeyBits} key bits expected per block (reconciliation planned at f = {plan.ReconciliationEfficiency:F2}); S aborts below {plan.ChshAbortThreshold:F4}"));

        MetricsHost? metricsHost = null;
        KeyDeliveryHost? kme = null;
        try
        {
            if (metrics is not null)
            {
                metricsHost = await MetricsHost.StartAsync(metrics.Registry, new IPEndPoint(IPAddress.Loopback, options.MetricsPort!.Value), cancellation).ConfigureAwait(false);
                log.WriteLine($"metrics at {metricsHost.Address}");
            }
            if (delivery is not null)
            {
                kme = await StationDelivery.StartAsync(delivery, options.KeyStorePath, metrics, host.Status, cancellation).ConfigureAwait(false);
                log.WriteLine(StationDelivery.Describe(kme, delivery));
            }

            var result = await StatusDisplay.RunAsync(context.Mode, [host.Status], log, () => host.RunAsync(cancellation)).ConfigureAwait(false);
            if (result.Failed)
            {
                error.WriteLine($"qkdedge: station stopped: {result.Reason}");
                return ExitCodes.LinkFailed;
            }

            return ExitCodes.Success;
        }
        catch (StationStartException ex)
        {
            return CommandErrors.BadInput(error, [ex.Message]);
        }
        catch (DeliveryStartException ex)
        {
            return CommandErrors.BadInput(error, [ex.Message]);
        }
        finally
        {
            if (kme is not null)
                await kme.DisposeAsync().ConfigureAwait(false);
            delivery?.ServerCertificate.Dispose();
            if (metricsHost is not null)
                await metricsHost.DisposeAsync().ConfigureAwait(false);
        }
    }
}
