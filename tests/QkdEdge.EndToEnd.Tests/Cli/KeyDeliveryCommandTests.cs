using System.CommandLine;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using QkdEdge.Cli;
using QkdEdge.Delivery.Client;
using QkdEdge.Delivery.Pki;
using QkdEdge.KeyStore;
using Xunit.Abstractions;

namespace QkdEdge.EndToEnd.Tests.Cli;

/// <summary>Key delivery through the qkdedge command line: the demo's SAEs, and the station's delivery configuration.</summary>
public sealed class KeyDeliveryCommandTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Demo_WhenAKeyIsMade_DeliversItToBothSaesAndReportsTheEndpoints()
    {
        // In-memory links, and a weaker soundness with a smaller margin than the defaults: the analysis then sizes
        // blocks of about 1.5 million rounds, so one key takes seconds. The delivery is what is under test.
        var (code, json, log) = await RunAsync("demo", "--keys", "1", "--json", "--link", "memory", "--soundness", "1e-4", "--block-margin", "1.2", "--timeout", "120");
        output.WriteLine(log);

        Assert.True(code == ExitCodes.Success, $"exit code {code}: {log}");
        using var document = JsonDocument.Parse(json); // one JSON value on standard output
        var root = document.RootElement;
        var key = Assert.Single(root.GetProperty("keys").EnumerateArray());
        var delivery = root.GetProperty("delivery");
        long bits = key.GetProperty("bits").GetInt64(), delivered = key.GetProperty("deliveredBits").GetInt64();
        Assert.True(key.GetProperty("delivered").GetBoolean());
        Assert.InRange(delivered, 8, bits);
        Assert.Equal(0, delivered % 8);
        Assert.Equal(1, delivery.GetProperty("keysDelivered").GetInt32());
        Assert.Equal(delivered, delivery.GetProperty("bitsDelivered").GetInt64());
        Assert.True(delivery.GetProperty("matched").GetBoolean());
        Assert.True(delivery.GetProperty("erased").GetBoolean());
        Assert.True(delivery.GetProperty("replayRefused").GetBoolean());
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("failure").ValueKind);

        // Both KMEs on loopback over HTTPS, each on a port of its own, and the log said how to reach them.
        var alice = new Uri(delivery.GetProperty("alice").GetString()!);
        var bob = new Uri(delivery.GetProperty("bob").GetString()!);
        Assert.All([alice, bob], uri => Assert.Equal(("https", "127.0.0.1"), (uri.Scheme, uri.Host)));
        Assert.NotEqual(alice.Port, bob.Port);
        Assert.Contains($"Alice's KME {alice}", log);
        Assert.Contains($"Bob's KME {bob}", log);
        Assert.Contains($"curl --cacert", log);
        Assert.Contains($"{alice}api/v1/keys/sae-bob/status", log);
    }

    [Fact]
    public async Task Station_WhenTheDeliverySectionIsWrong_NamesEachBadValueAndStartsNothing()
    {
        var folder = Directory.CreateTempSubdirectory("station-delivery-").FullName;
        try
        {
            string config = Path.Combine(folder, "alice.json");
            await File.WriteAllTextAsync(config, $$"""
                {
                  "role": "alice", "dataDirectory": "{{folder}}/alice",
                  "board": { "port": "/dev/null", "roundPeriodTicks": 100, "gateWidthTicks": 20 },
                  "protocol": { "expectedChsh": 2.8, "expectedErrorRate": 0.005 },
                  "delivery": {
                    "listen": "https://kme.lab:8443",
                    "serverCertificate": "{{folder}}/kme.pem",
                    "clientAuthorities": "{{folder}}/ca.pem",
                    "saes": [ { "id": "sae-alice-app" } ],
                    "links": [ { "master": "sae-alice-app", "slave": "sae-bob-app" } ],
                    "keySize": "256 bits"
                  }
                }
                """);

            var (code, stdout, error) = await RunAsync("station", "--config", config);

            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Contains("qkdedge: delivery:listen = 'https://kme.lab:8443' names the host 'kme.lab'", error);
            Assert.Contains($"qkdedge: delivery:serverCertificate = '{folder}/kme.pem' no such file.", error);
            Assert.Contains($"qkdedge: delivery:clientAuthorities = '{folder}/ca.pem' no such file.", error);
            Assert.Contains("qkdedge: delivery:keySize = '256 bits' is not a whole number.", error);
            Assert.DoesNotContain("   at ", error); // no stack trace
            Assert.Equal("", stdout);
            Assert.False(Directory.Exists(Path.Combine(folder, "alice"))); // nothing started
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Station_WhenDeliveryIsConfigured_ServesItsKeyStoreOverHttpsWhileItRuns()
    {
        var folder = Directory.CreateTempSubdirectory("station-kme-").FullName;
        using var pki = DevelopmentPki.ForLoopback(["sae-alice-app", "sae-bob-app"]);
        try
        {
            PemFiles.WriteCertificate(pki.Authority, Path.Combine(folder, "sae-ca.pem"));
            PemFiles.WriteCertificate(pki.Server, Path.Combine(folder, "kme.pem"));
            PemFiles.WritePrivateKey(pki.Server, Path.Combine(folder, "kme.key"));
            await File.WriteAllBytesAsync(Path.Combine(folder, "link.psk"), RandomNumberGenerator.GetBytes(32 + 1024));
            // A key the station committed in an earlier run: 64 bytes, two keys of the default 256 bits.
            using (var store = SqliteKeyStore.Open(Path.Combine(folder, "alice", "keys.sqlite")))
            {
                store.Stage("earlier-000000", new byte[64], 512, Provenance("earlier-000000", 512));
                store.Commit("earlier-000000");
            }
            string config = Path.Combine(folder, "alice.json");
            // The board's port does not exist: the station keeps retrying it, and runs meanwhile.
            await File.WriteAllTextAsync(config, $$"""
                {
                  "role": "alice", "dataDirectory": "{{folder}}/alice",
                  "board": { "port": "{{folder}}/no-such-tty", "roundPeriodTicks": 100, "gateWidthTicks": 20 },
                  "peer": { "host": "127.0.0.1", "port": 0, "preSharedKey": "{{folder}}/link.psk" },
                  "protocol": { "expectedChsh": 2.8, "expectedErrorRate": 0.005 },
                  "delivery": {
                    "listen": "https://127.0.0.1:0",
                    "serverCertificate": "{{folder}}/kme.pem", "serverKey": "{{folder}}/kme.key",
                    "clientAuthorities": "{{folder}}/sae-ca.pem",
                    "saes": [ { "id": "sae-alice-app" } ],
                    "links": [ { "master": "sae-alice-app", "slave": "sae-bob-app" } ]
                  }
                }
                """);
            var stdout = new CapturedLines();
            var stderr = new CapturedLines();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));

            var run = RootCommandFactory.Create().Parse(["station", "--config", config, "--plain"])
                .InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, stop.Token);
            string? announced = null;
            while (announced is null && !run.IsCompleted && stdout.NextLine(TimeSpan.FromSeconds(60)) is { } line)
                announced = line.StartsWith("key delivery (ETSI GS QKD 014) at ", StringComparison.Ordinal) ? line : null;
            Assert.True(announced is not null, $"no delivery line; output: {stdout.Text} {stderr.Text}");
            var kme = new Uri(Regex.Match(announced!, @"(https://\S+/)api/v1/keys/ ").Groups[1].Value);
            using var master = new Etsi014Client(kme, pki.Clients["sae-alice-app"], pki.Authority);
            var status = await master.GetStatusAsync("sae-bob-app");
            using var anonymous = new Etsi014Client(kme, null, pki.Authority);
            var refused = await anonymous.GetStatusAsync("sae-bob-app");
            await stop.CancelAsync();
            int code = await run;

            Assert.Equal(HttpStatusCode.OK, status.Status);
            Assert.Equal(("kme-alice", "kme-bob", 2L), (status.Value!.SourceKmeId, status.Value.TargetKmeId, status.Value.StoredKeyCount));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
            Assert.Contains("key delivery: Key delivery request GET /api/v1/keys/sae-bob-app/status refused with 401", stdout.Text); // in the station's log
            Assert.Equal(ExitCodes.Success, code);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static KeyProvenance Provenance(string blockId, long bits) => new()
    {
        BlockId = blockId, FirstRound = 0, Rounds = 100_000, TestRounds = 10_000, KeyRounds = 90_000,
        Chsh = 2.7, ChshLower = 2.65, ChshUpper = 2.75, ErrorRate = 0.02, LeakedBits = 20_000,
        EpsSound = 1e-5, EpsEc = 1e-10, EpsPa = 1e-10, Gamma = 0.1, FinalLength = bits,
        ArchiveHash = "00", AliceFirmware = "fw", BobFirmware = "fw", Protocol = "chsh-vv14", ProtocolVersion = "1",
    };

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await RootCommandFactory.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
