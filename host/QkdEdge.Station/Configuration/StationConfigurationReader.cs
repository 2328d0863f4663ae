using Microsoft.Extensions.Configuration;
using QkdEdge.Peer.Authentication;
using QkdEdge.Protocol.Engine;
using QkdEdge.Security.FiniteKey;

namespace QkdEdge.Station.Configuration;

/// <summary>
/// Reads a station's configuration from any <see cref="IConfiguration"/> (a JSON file, QKDEDGE_ environment
/// variables and command-line flags, layered by the caller). Keys are those of docs/station.md, e.g.
/// <c>role</c>, <c>board:port</c>, <c>peer:mode</c>, <c>protocol:expectedChsh</c>. Every bad or missing value
/// is reported with its key; nothing throws for user input.
/// </summary>
public static class StationConfigurationReader
{
    /// <summary>Default TCP port of the peer channel.</summary>
    public const int DefaultPeerPort = 7420;

    /// <summary>Most decoding threads a station may ask for; more would only add decoder buffers (a few MB each).</summary>
    public const int MaxDecodingThreads = 256;

    private static readonly Dictionary<string, StationRole> Roles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["alice"] = StationRole.Alice,
        ["bob"] = StationRole.Bob,
    };

    private static readonly Dictionary<string, PeerConnectMode> Modes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["listen"] = PeerConnectMode.Listen,
        ["connect"] = PeerConnectMode.Connect,
    };

    private static readonly Dictionary<string, bool> Booleans = new(StringComparer.OrdinalIgnoreCase)
    {
        ["true"] = true,
        ["false"] = false,
    };

    private static readonly Dictionary<string, EatAnalysis> Analyses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["best"] = EatAnalysis.Best,
        ["original"] = EatAnalysis.Original,
        ["improved"] = EatAnalysis.Improved,
    };

    /// <summary>Reads and checks everything; on failure <paramref name="errors"/> lists every problem.</summary>
    public static bool TryRead(IConfiguration configuration, out StationOptions? options, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var values = new ConfigurationValues(configuration);

        var role = values.Choice<StationRole>("role", null, Roles, "alice (leads the protocol; her outputs become the key) or bob");
        string data = values.RequiredText("dataDirectory", "the folder for the archive, key store and authentication key pool.");
        CheckDataDirectory(values, data);
        var board = ReadBoard(values);
        var peer = ReadPeer(values, role);
        var protocol = ReadProtocol(values);
        var reconnect = ReadReconnect(values);
        long? metrics = values.OptionalWhole("metrics:port", 0, 65535);
        long decodingThreads = values.Whole("engine:decodingThreads", Environment.ProcessorCount, 1, MaxDecodingThreads);

        errors = values.Errors;
        if (errors.Count > 0)
        {
            options = null;
            return false;
        }

        options = new StationOptions
        {
            Role = role,
            DataDirectory = data,
            Board = board,
            Peer = peer,
            Protocol = protocol,
            Reconnect = reconnect,
            MetricsPort = metrics is long port ? (int)port : null,
            DecodingThreads = (int)decodingThreads,
        };
        return true;
    }

    /// <summary>The folder need not exist yet (the station creates it), but the path must be one and must not name a file.</summary>
    private static void CheckDataDirectory(ConfigurationValues values, string data)
    {
        if (data.Length == 0)
            return;
        try
        {
            if (File.Exists(Path.GetFullPath(data)))
                values.Fail($"dataDirectory = '{data}' is a file, not a folder.");
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            values.Fail($"dataDirectory = '{data}' is not a usable path: {ex.Message}");
        }
    }

    private static BoardLinkOptions ReadBoard(ConfigurationValues values)
    {
        string port = values.RequiredText("board:port", "the board's serial port (e.g. /dev/ttyUSB0 or COM3).");
        long baud = values.Whole("board:baud", 2_000_000, 1200, 20_000_000);
        long period = values.Whole("board:roundPeriodTicks", null, 1, uint.MaxValue, "the source's trigger period in board ticks (the board profile's clock).");
        long gate = values.Whole("board:gateWidthTicks", null, 1, uint.MaxValue, "the detector gate width in board ticks.");
        long? batch = values.OptionalWhole("board:batchSize", 1, ushort.MaxValue);
        var timeout = values.Seconds("board:commandTimeoutSeconds", TimeSpan.FromSeconds(1), 0, 600);
        bool stopOnExit = values.Choice("board:stopOnExit", (bool?)false, Booleans);
        double? deadTime = values.Text("board:detectorDeadTimeNanoseconds") is null
            ? null
            : values.Number("board:detectorDeadTimeNanoseconds", null, 0, 1e9, openMin: true, why: "the detectors' dead time in nanoseconds.");
        if (gate >= period && period > 0)
            values.Fail($"board:gateWidthTicks = {gate} must be shorter than board:roundPeriodTicks = {period}.");
        return new BoardLinkOptions
        {
            PortName = port,
            BaudRate = (int)baud,
            RoundPeriodTicks = (uint)Math.Clamp(period, 0, uint.MaxValue),
            GateWidthTicks = (uint)Math.Clamp(gate, 0, uint.MaxValue),
            BatchSize = batch is long b ? (int)b : null,
            CommandTimeout = timeout,
            StopOnExit = stopOnExit,
            DetectorDeadTimeNanoseconds = deadTime,
        };
    }

    private static PeerLinkOptions ReadPeer(ConfigurationValues values, StationRole role)
    {
        var mode = values.Choice<PeerConnectMode>("peer:mode", role == StationRole.Bob ? PeerConnectMode.Connect : PeerConnectMode.Listen, Modes);
        string host = mode == PeerConnectMode.Listen
            ? values.Text("peer:host") ?? "0.0.0.0"
            : values.RequiredText("peer:host", "the address of the station to dial (peer:mode is connect).");
        long port = values.Whole("peer:port", DefaultPeerPort, mode == PeerConnectMode.Listen ? 0 : 1, 65535);
        if (host.Length > 0 && Uri.CheckHostName(host) == UriHostNameType.Unknown)
            values.Fail($"peer:host = '{host}' is neither a host name nor an IP address.");
        string? psk = values.Text("peer:preSharedKey");
        if (psk is not null && !File.Exists(psk))
            values.Fail($"peer:preSharedKey = '{psk}': no such file.");
        else if (psk is not null && new FileInfo(psk).Length < AuthenticationKeyPool.HashKeySectionBytes)
            values.Fail($"peer:preSharedKey = '{psk}' holds {new FileInfo(psk).Length} bytes; a secret holds at least the {AuthenticationKeyPool.HashKeySectionBytes}-byte hash key, then the pads.");
        var timeout = values.Seconds("peer:receiveTimeoutSeconds", TimeSpan.FromSeconds(30), 0, 3600);
        long replenish = values.Whole("peer:authenticationReplenishBytes", PeerLinkOptions.DefaultAuthenticationReplenishBytes, 0, 1 << 20);
        return new PeerLinkOptions
        {
            Mode = mode, Host = host, Port = (int)port, PreSharedKeyPath = psk, ReceiveTimeout = timeout, AuthenticationReplenishBytes = (int)replenish,
        };
    }

    private static ProtocolOptions ReadProtocol(ConfigurationValues values)
    {
        const string calibration = "the value the installed devices were calibrated to show (see qkdedge analyze plan).";
        double chsh = values.Number("protocol:expectedChsh", null, 2, 2 * Math.Sqrt(2), openMin: true, why: calibration);
        double q = values.Number("protocol:expectedErrorRate", null, 0, 0.5, openMax: true, why: calibration);
        var defaults = new ProtocolOptions { ExpectedChsh = 2.5, ExpectedErrorRate = 0 };
        return new ProtocolOptions
        {
            ExpectedChsh = chsh,
            ExpectedErrorRate = q,
            Soundness = values.Number("protocol:soundness", defaults.Soundness, 0, 1e-2, openMin: true),
            Completeness = values.Number("protocol:completeness", defaults.Completeness, 0, 0.5, openMin: true),
            KeyCompleteness = values.Number("protocol:keyCompleteness", defaults.KeyCompleteness, 0, 0.5, openMin: true),
            Analysis = values.Choice("protocol:analysis", (EatAnalysis?)defaults.Analysis, Analyses),
            ReconciliationEfficiency = values.Number("protocol:reconciliationEfficiency", defaults.ReconciliationEfficiency, 1, 10),
            BlockMargin = values.Number("protocol:blockMargin", defaults.BlockMargin, 1, 100),
        };
    }

    private static ReconnectPolicy ReadReconnect(ConfigurationValues values)
    {
        var defaults = new ReconnectPolicy();
        var initial = values.Seconds("reconnect:initialDelaySeconds", defaults.InitialDelay, 0, 3600);
        double multiplier = values.Number("reconnect:multiplier", defaults.Multiplier, 1, 100);
        var max = values.Seconds("reconnect:maxDelaySeconds", defaults.MaxDelay, 0, 86400);
        long? attempts = values.OptionalWhole("reconnect:maxAttempts", 1, int.MaxValue);
        if (max < initial)
            values.Fail($"reconnect:maxDelaySeconds = {max.TotalSeconds} is below reconnect:initialDelaySeconds = {initial.TotalSeconds}.");
        return new ReconnectPolicy { InitialDelay = initial, Multiplier = double.IsNaN(multiplier) ? 2 : multiplier, MaxDelay = max, MaxAttempts = attempts is long a ? (int)a : null };
    }
}
