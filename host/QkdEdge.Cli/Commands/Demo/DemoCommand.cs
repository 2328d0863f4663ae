using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using QkdEdge.Cli.Commands.Station;
using QkdEdge.Emulator.Links;
using QkdEdge.Station.Configuration;

namespace QkdEdge.Cli.Commands.Demo;

/// <summary>
/// <c>qkdedge demo</c>: a full emulated key exchange on embedded defaults, with the keys delivered to two
/// applications over ETSI GS QKD 014. Checks the settings, plans the blocks, and hands over to
/// <see cref="DemoRun"/>; prints a summary, or one JSON object with --json.
/// </summary>
internal sealed class DemoCommand : ConfiguredCommand
{
    /// <summary>Built-in values of the demo's settings (the lowest configuration layer).</summary>
    private static readonly Dictionary<string, string?> BuiltIn = new()
    {
        ["demo:keys"] = "3",
        ["demo:seed"] = "1",
        // The emulator's honest source with a little white noise and ideal detectors: S = 2.80, Q = 0.5 %.
        ["demo:visibility"] = "0.99",
        ["demo:efficiency"] = "1",
        ["demo:link"] = OperatingSystem.IsLinux() ? "pty" : "memory",
        ["demo:timeoutSeconds"] = "300",
        ["demo:delivery"] = "true",
        ["protocol:soundness"] = "1e-10",
        ["protocol:blockMargin"] = "1.5",
    };

    private static readonly Dictionary<string, LinkKind> Links = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pty"] = LinkKind.PseudoTerminal,
        ["memory"] = LinkKind.InMemory,
    };

    private static readonly Dictionary<string, bool> Booleans = new(StringComparer.OrdinalIgnoreCase)
    {
        ["true"] = true,
        ["false"] = false,
    };

    public DemoCommand()
        : base("demo",
            "The main job: a full emulated key exchange. Starts two emulated boards on pseudo-terminals and both stations in this "
            + "process (Alice and Bob, over loopback TCP with a freshly generated pre-shared authentication key), runs blocks sized "
            + "by the security analysis until both stations hold the requested keys, then delivers every key to two applications "
            + "over ETSI GS QKD 014 (HTTPS with client certificates, on loopback): enc_keys at Alice's KME, dec_keys at Bob's, and "
            + "checks both received the same key. Prints a summary. Settings may also come from --config (JSON) and QKDEDGE_ "
            + "environment variables (QKDEDGE_DEMO__KEYS=5); flags win.\n"
            + "Example: qkdedge demo --keys 3 --json",
            "JSON configuration file; the demo reads its \"demo\" and \"protocol\" sections (e.g. {\"demo\": {\"keys\": 5}}).",
            "Print one JSON object: a keys array with aliceSha256, bobSha256, bits, chsh, qber, seconds and delivered per key, "
            + "the delivery, and the plan. Log lines go to standard error.")
    {
        AddOptions(NoDelivery);
    }

    internal ConfiguredOption Keys { get; } = ConfiguredOption.Create("--keys", "demo:keys", "Keys to produce before stopping (default 3)");

    internal ConfiguredOption Seed { get; } = ConfiguredOption.Create("--seed", "demo:seed", "Seed of the emulated source, detectors and timing (default 1)");

    internal ConfiguredOption Visibility { get; } = ConfiguredOption.Create("--visibility", "demo:visibility", "Visibility of the emulated entangled source (default 0.99)");

    internal ConfiguredOption Efficiency { get; } = ConfiguredOption.Create("--efficiency", "demo:efficiency", "Efficiency of every emulated detector (default 1)");

    internal ConfiguredOption Link { get; } = ConfiguredOption.Create("--link", "demo:link", "pty (boards on pseudo-terminals, opened as serial ports) or memory (in-process streams)");

    internal ConfiguredOption Timeout { get; } = ConfiguredOption.Create("--timeout", "demo:timeoutSeconds", "Give up after this many seconds (default 300)");

    internal ConfiguredOption Data { get; } = ConfiguredOption.Create("--data", "demo:dataDirectory", "Keep the stations' archives, key stores, key pools and the delivery certificates here (default: a temporary folder, removed)");

    internal ConfiguredOption Soundness { get; } = ProtocolFlags.Soundness();

    internal ConfiguredOption BlockMargin { get; } = ProtocolFlags.BlockMargin();

    internal Option<bool> NoDelivery { get; } = new("--no-delivery")
    {
        Description = "Leave the keys in the stores: start no ETSI GS QKD 014 servers and deliver nothing (configuration key demo:delivery = false).",
    };

    internal override IReadOnlyList<ConfiguredOption> Settings => [Keys, Seed, Visibility, Efficiency, Link, Timeout, Data, Soundness, BlockMargin];

    protected override IReadOnlyDictionary<string, string?> Defaults => BuiltIn;

    protected override async Task<int> RunAsync(CommandContext context, CancellationToken cancellation)
    {
        var (output, error) = (context.Output, context.Error);
        if (!TryRead(context.Configuration, context.Parse.GetValue(NoDelivery), out var settings, out var errors))
            return CommandErrors.BadInput(error, errors);
        if (!DemoRun.TryPlan(settings!, out var plan, out string? problem))
            return CommandErrors.BadInput(error, [$"demo: {problem}"]);

        var result = await DemoRun.RunAsync(settings!, plan!, StationEngines.Create(DemoRun.DecodingThreads), context.Mode, context.Log, cancellation).ConfigureAwait(false);
        if (context.Json)
            DemoReport.WriteJson(output, result);
        else
            DemoReport.WriteText(output, result);
        if (result.Succeeded)
            return ExitCodes.Success;
        string why = result.Failure
            ?? (result.KeysAgree ? $"key delivery: {result.Delivery?.Failure ?? "not every key was delivered"}" : "the two stations' keys differ");
        error.WriteLine($"qkdedge: demo: {why}");
        return result.Keys.Count < result.KeysRequested ? ExitCodes.Aborted : ExitCodes.VerificationFailed;
    }

    private static bool TryRead(IConfiguration configuration, bool noDelivery, out DemoSettings? settings, out IReadOnlyList<string> errors)
    {
        var values = new ConfigurationValues(configuration);
        long keys = values.Whole("demo:keys", null, 1, 10_000);
        string seedText = values.Text("demo:seed") ?? "1";
        if (!ulong.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed))
            values.Fail($"demo:seed = '{seedText}' is not a whole number in 0..{ulong.MaxValue}.");
        double visibility = values.Number("demo:visibility", null, 0, 1, openMin: true);
        double efficiency = values.Number("demo:efficiency", null, 0, 1, openMin: true);
        var link = values.Choice<LinkKind>("demo:link", null, Links);
        if (link == LinkKind.PseudoTerminal && !OperatingSystem.IsLinux())
            values.Fail("demo:link = pty needs Linux pseudo-terminals; use --link memory on this system.");
        var timeout = values.Seconds("demo:timeoutSeconds", TimeSpan.FromSeconds(300), 1, 86_400);
        double soundness = values.Number("protocol:soundness", null, 0, 1e-2, openMin: true);
        double margin = values.Number("protocol:blockMargin", null, 1, 100);
        string? data = values.Text("demo:dataDirectory");
        bool delivery = values.Choice("demo:delivery", (bool?)true, Booleans) && !noDelivery;
        errors = values.Errors;
        settings = errors.Count > 0 ? null : new DemoSettings((int)keys, seed, visibility, efficiency, link, soundness, margin, timeout, data, delivery);
        return settings is not null;
    }
}
