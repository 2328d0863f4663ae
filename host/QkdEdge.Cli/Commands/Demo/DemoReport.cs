using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using QkdEdge.Cli.Commands.Station;
using QkdEdge.Emulator.Links;

namespace QkdEdge.Cli.Commands.Demo;

/// <summary>The demo's summary: one JSON object (--json) or a short text report.</summary>
internal static class DemoReport
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
    };

    public static void WriteJson(TextWriter output, DemoResult result)
    {
        var plan = result.Plan;
        var report = new
        {
            keys = result.Keys.Select(k => new
            {
                blockId = k.BlockId,
                aliceSha256 = k.AliceSha256,
                bobSha256 = k.BobSha256,
                bits = k.Bits,
                chsh = StationJson.Finite(k.Chsh),
                qber = StationJson.Finite(k.Qber),
                reconciliationEfficiency = StationJson.Finite(k.ReconciliationEfficiency),
                seconds = StationJson.Finite(k.Seconds),
                delivered = k.Delivered,
                deliveredBits = k.DeliveredBits,
            }),
            keysRequested = result.KeysRequested,
            succeeded = result.Succeeded,
            failure = result.Failure,
            elapsedSeconds = result.ElapsedSeconds,
            expected = new { chsh = result.ExpectedChsh, qber = result.ExpectedErrorRate },
            plan = new
            {
                blockRounds = plan.BlockRounds,
                minimumBlockRounds = plan.MinimumBlockRounds,
                testFraction = plan.TestFraction,
                expectedKeyBits = plan.ExpectedKeyBits,
                chshAbortThreshold = plan.ChshAbortThreshold,
                soundness = result.Settings.Soundness,
            },
            emulator = new
            {
                seed = result.Settings.Seed,
                visibility = result.Settings.Visibility,
                efficiency = result.Settings.Efficiency,
                link = LinkName(result.Settings.Link),
            },
            rounds = new { alice = result.AliceRounds, bob = result.BobRounds },
            aborts = result.Aborts,
            delivery = result.Delivery is not { } d ? null : new
            {
                standard = "ETSI GS QKD 014 V1.1.1",
                alice = d.Alice.ToString(),
                bob = d.Bob.ToString(),
                masterSae = d.MasterSae,
                slaveSae = d.SlaveSae,
                keysDelivered = d.KeysDelivered,
                bitsDelivered = d.BitsDelivered,
                matched = d.Matched,
                erased = d.Erased,
                replayRefused = d.ReplayRefused,
                failure = d.Failure,
            },
        };
        output.WriteLine(JsonSerializer.Serialize(report, Json));
    }

    public static void WriteText(TextWriter output, DemoResult result)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(result.Succeeded
            ? string.Create(c, $"{result.Keys.Count} keys in {result.ElapsedSeconds:F1} s, identical at Alice and Bob:")
            : $"demo failed: {result.Failure ?? "the stations' keys differ"}");
        output.WriteLine(string.Create(c, $"  {"block",-16} {"bits",8} {"S",7} {"Q",8} {"f",6} {"at",7}  {"delivered",-9}  sha256 (Alice = Bob)"));
        foreach (var k in result.Keys)
        {
            string same = k.AliceSha256 == k.BobSha256 ? k.AliceSha256 : $"{k.AliceSha256} != {k.BobSha256}";
            string delivered = k.Delivered ? "yes" : "no";
            string f = double.IsFinite(k.ReconciliationEfficiency) ? k.ReconciliationEfficiency.ToString("F3", c) : "-";
            output.WriteLine(string.Create(c, $"  {k.BlockId,-16} {k.Bits,8} {k.Chsh,7:F4} {k.Qber,8:P3} {f,6} {k.Seconds,6:F1}s  {delivered,-9}  {same}"));
        }

        output.WriteLine(string.Create(c,
            $"  rounds archived: Alice {result.AliceRounds}, Bob {result.BobRounds}; blocks of {result.Plan.BlockRounds} rounds, {result.Aborts} aborted"));
        if (result.Delivery is { } d)
            WriteDelivery(output, d);
        else if (!result.Settings.Delivery)
            output.WriteLine("  key delivery: off (--no-delivery); the keys stay in the stores");
    }

    private static void WriteDelivery(TextWriter output, DemoDeliveryReport d)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c,
            $"  key delivery (ETSI GS QKD 014 over HTTPS with client certificates): {d.KeysDelivered} keys, {d.BitsDelivered} bits"));
        output.WriteLine($"    master SAE {d.MasterSae}: POST {d.Alice}api/v1/keys/{d.SlaveSae}/enc_keys  (Alice's KME)");
        output.WriteLine($"    slave SAE  {d.SlaveSae}: POST {d.Bob}api/v1/keys/{d.MasterSae}/dec_keys  (Bob's KME)");
        output.WriteLine(d.Succeeded
            ? "    enc_keys = dec_keys = the block keys; erased from both stores after delivery; redeeming a key_ID again is refused"
            : $"    FAILED: {d.Failure ?? "the keys did not match"}");
    }

    public static string LinkName(LinkKind link) => link == LinkKind.PseudoTerminal ? "pty" : "memory";
}
