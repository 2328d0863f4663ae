using System.CommandLine;
using System.Globalization;
using System.Net;
using QkdEdge.Cli.Status;
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
/// flags, in rising precedence; the action checks it, plans the blocks and hands over to
/// <see cref="StationHost"/>.
/// </summary>
internal sealed class StationCommand : Command
{
    public StationCommand()
        : base("station",
            "Run one station: configure and start the board on a serial port, archive every round, cut blocks sized by the "
            + "security analysis, run them with the other station over an authenticated TCP session, store the keys. "
            + "Reconnects the board and the peer with backoff; Ctrl-C stops cleanly (archive sealed, key store and key pool flushed; the board keeps running). "
            + "Settings come from --config (JSON), then QKDEDGE_ environment variables (QKDEDGE_PEER__PORT=7420 sets peer:port), then flags; later ones win.\n"
            + "Example: qkdedge station --role alice --data ./alice --port /dev/ttyUSB0 --round-period 100 --gate-width 20 "
            + "--psk ./link.psk --expected-chsh 2.80 --expected-qber 0.005")
    {
        Options.Add(Config);
        foreach (var option in Settings)
            Options.Add(option.Option);
        Options.Add(Json);
        Options.Add(Plain);
        SetAction((parse, cancellation) => RunAsync(parse, cancellation));
    }

    internal Option<FileInfo?> Config { get; } = new("--config")
    {
        Description = "JSON configuration file (keys as in docs/station.md, e.g. {\"role\": \"alice\", \"board\": {\"port\": \"/dev/ttyUSB0\"}}).",
    };

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

    internal ConfiguredOption Soundness { get; } = ConfiguredOption.Create("--soundness", "protocol:soundness", "Total soundness of the key (default 1e-10)");

    internal ConfiguredOption BlockMargin { get; } = ConfiguredOption.Create("--block-margin", "protocol:blockMargin", "Block size over the smallest block with a key (default 1.5)");

    internal ConfiguredOption MetricsPort { get; } = ConfiguredOption.Create("--metrics-port", "metrics:port", "Serve Prometheus metrics at http://127.0.0.1:PORT/metrics");

    internal Option<bool> Json { get; } = new("--json")
    {
        Description = "Print each finished block as one JSON line on standard output; log lines go to standard error.",
    };

    internal Option<bool> Plain { get; } = new("--plain")
    {
        Description = "Plain log lines instead of the live view (the default when the output is not a terminal).",
    };

    internal IReadOnlyList<ConfiguredOption> Settings =>
    [
        Role, Data, Port, Baud, RoundPeriod, GateWidth, BatchSize, StopBoard, PeerMode, PeerHost, PeerPort, PreSharedKey,
        ExpectedChsh, ExpectedQber, Soundness, BlockMargin, MetricsPort,
    ];

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        if (!ConfigurationLayers.TryBuild(parse, parse.GetValue(Config), new Dictionary<string, string?>(), Settings, out var configuration, out string? problem))
            return CommandErrors.BadInput(error, [problem!]);
        if (!StationConfigurationReader.TryRead(configuration!, out var options, out var errors))
            return CommandErrors.BadInput(error, errors);
        if (!StationPlanner.TryPlan(options!.Protocol, Protocols.ChshVaziraniVidick, StationEngines.Reconciliation(), out var plan, out problem))
            return CommandErrors.BadInput(error, [$"protocol: {problem}"]);

        bool json = parse.GetValue(Json);
        var metrics = options.MetricsPort is null ? null : StationMetrics.Create(options.Role.ToString().ToLowerInvariant());
        var parts = new StationParts
        {
            Board = new SerialBoardConnector(options.Board.PortName, options.Board.BaudRate),
            Peer = new TcpPeerConnector(options.Peer),
            Engine = StationEngines.Create(),
            Metrics = metrics,
            // Ctrl-C leaves the command two seconds to finish: cut a running block short rather than be killed mid-flush.
            StopGrace = TimeSpan.FromSeconds(1),
        };
        var host = new StationHost(options, plan!, parts);
        var logOutput = json ? error : output;
        if (json)
            host.Status.BlockFinished += summary => StationJson.WriteBlock(output, options.Role, summary);
        logOutput.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{options.Role}: blocks of {plan!.BlockRounds} rounds (smallest with a key: {plan.MinimumBlockRounds}), test fraction {plan.TestFraction:G4}, "
            + $"{plan.ExpectedKeyBits} key bits expected per block (reconciliation planned at f = {plan.ReconciliationEfficiency:F2}); S aborts below {plan.ChshAbortThreshold:F4}"));

        MetricsHost? metricsHost = null;
        try
        {
            if (metrics is not null)
            {
                metricsHost = await MetricsHost.StartAsync(metrics.Registry, new IPEndPoint(IPAddress.Loopback, options.MetricsPort!.Value), cancellation).ConfigureAwait(false);
                logOutput.WriteLine($"metrics at {metricsHost.Address}");
            }

            var mode = StatusDisplay.Choose(output, parse.GetValue(Plain) || json);
            var result = await StatusDisplay.RunAsync(mode, [host.Status], logOutput, () => host.RunAsync(cancellation)).ConfigureAwait(false);
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
        finally
        {
            if (metricsHost is not null)
                await metricsHost.DisposeAsync().ConfigureAwait(false);
        }
    }
}
