using System.Diagnostics;
using System.Globalization;
using QkdEdge.CrashDriver;
using QkdEdge.KeyStore;
using QkdEdge.Protocol.Engine;
using QkdEdge.Reliability.Tests.Simulation;
using QkdEdge.Reliability.Tests.Stations;
using Xunit.Abstractions;

namespace QkdEdge.Reliability.Tests;

/// <summary>
/// Kills a real host process (SIGKILL) at random moments while it stores block keys, 50 times. The process
/// (QkdEdge.CrashDriver) runs both stations' block engines, the station's own ProtocolBlockEngine with the
/// station's plan, over the stations' key stores, block after block; it says when a block's key storage begins
/// (Bob amplifies, then stages) and when Bob has staged (then Alice stages and commits, and Bob commits). Kills
/// take turns: a seeded random delay after the first part's start, or after the second's, spread over the time
/// that part takes (measured on the first block), so they land before, between and during the commit steps'
/// writes; or, since the commit steps take milliseconds and a loaded machine's reaction may be as slow, the
/// process kills itself with SIGKILL at a commit step drawn at random, so every in-doubt state is reached.
/// After each kill
/// both stations restart through their own start path (StationHost: key store and pool opened, peer session,
/// settlement of staged keys) and the invariants are checked: nothing staged, identical committed keys at
/// both, every key Alice announced committed is committed at both, and no key of a block that was never
/// committed at Alice. The kill delays are reproducible; the process's own timing is not.
/// </summary>
public sealed class KeyStorageKillTests(ITestOutputHelper output)
{
    private const int Kills = 50;

    /// <summary>Kills spread over this multiple of the measured storage time, so some land after it too.</summary>
    private const double KillSpread = 1.5;

    /// <summary>The commit steps at which the driver kills itself when told to.</summary>
    private static readonly string[] SelfKillSteps = ["bob-staged", "alice-committed", "bob-received-commit"];

    private static readonly TimeSpan DriverTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Kill_WhenHostDiesDuringKeyStorage_StationRestartSettlesToIdenticalStores()
    {
        var clock = Stopwatch.StartNew();
        await BuildDriverAsync();
        output.WriteLine($"driver built (Release) in {clock.Elapsed.TotalSeconds:F1} s");
        var plan = SimulationSettings.KeyExchangePlan;
        var folder = Directory.CreateTempSubdirectory("kill-").FullName;
        var random = new Random(20_240_601);
        try
        {
            string blocks = Path.Combine(folder, "block.bin");
            WritePairedBlock(blocks, plan.BlockRounds);
            string secret = Path.Combine(folder, "link.psk");
            var pad = new byte[32 + (64 * 1024)];
            random.NextBytes(pad);
            File.WriteAllBytes(secret, pad);
            var alice = StationRestart.Options(StationRole.Alice, Path.Combine(folder, "alice"), secret, plan);
            var bob = StationRestart.Options(StationRole.Bob, Path.Combine(folder, "bob"), secret, plan);
            Directory.CreateDirectory(alice.DataDirectory);
            Directory.CreateDirectory(bob.DataDirectory);
            output.WriteLine($"blocks of {plan.BlockRounds} rounds; set up in {clock.Elapsed.TotalSeconds:F1} s");

            var stages = new Dictionary<string, int>();
            var failures = new List<string>();
            var announced = new HashSet<string>();
            var parts = (Staging: 0.0, Committing: 0.0);
            long nextBlock = 0;
            var driving = TimeSpan.Zero;
            var restarting = TimeSpan.Zero;
            for (int kill = 0; kill < Kills; kill++)
            {
                var started = clock.Elapsed;
                var run = kill % 3 == 2 && parts.Committing > 0
                    ? await RunUntilSelfKillAsync(alice.KeyStorePath, bob.KeyStorePath, blocks, nextBlock, plan, SelfKillSteps[random.Next(SelfKillSteps.Length)], parts)
                    : await RunAndKillAsync(alice.KeyStorePath, bob.KeyStorePath, blocks, nextBlock, plan, random, parts, afterStaged: kill % 3 == 1);
                parts = run.Parts;
                announced.UnionWith(run.AliceCommitted);
                string stage = StageOf(alice.KeyStorePath, bob.KeyStorePath);
                stages[stage] = stages.GetValueOrDefault(stage) + 1;
                driving += clock.Elapsed - started;

                started = clock.Elapsed;
                string? failed = await StationRestart.SettleAsync(alice, bob, plan);
                restarting += clock.Elapsed - started;
                if (failed is not null)
                    failures.Add($"kill {kill} ({stage}): a station failed on restart: {failed}");
                nextBlock = Check(kill, stage, alice.KeyStorePath, bob.KeyStorePath, announced, failures, nextBlock);
            }

            int committed = CommittedKeys(alice.KeyStorePath).Count;
            output.WriteLine($"{Kills} kills in {clock.Elapsed.TotalSeconds:F0} s ({driving.TotalSeconds:F0} s in the driver, {restarting.TotalSeconds:F0} s restarting "
                + $"the stations); Bob's amplification and staging took up to {parts.Staging:F1} ms, the commit steps after it up to {parts.Committing:F1} ms");
            output.WriteLine("stage at the kill: " + string.Join(", ", stages.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}")));
            output.WriteLine($"{committed} keys committed at both stations; blocks attempted up to {nextBlock}");
            Assert.True(failures.Count == 0, string.Join("\n", failures));
            Assert.True(committed > 0, "no key was ever committed, so the store invariants were checked over nothing");
            // The kills must reach both in-doubt states the restart's settlement resolves (the self-kills guarantee it
            // for this seed), besides kills before and after the storage.
            Assert.True(stages.ContainsKey("bob staged only") && stages.ContainsKey("alice committed, bob staged") && stages.ContainsKey("nothing in doubt"),
                "the kills did not reach every state of the commit: " + string.Join(", ", stages.Keys));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The first block of the shared board capture, all rounds present at both stations.</summary>
    private static void WritePairedBlock(string path, long blockRounds)
    {
        var (aliceBytes, bobBytes) = FaultSimulation.Capture(1, blockRounds + (16 * FaultSchedule.BatchSize), SimulationSettings.KeyExchangeVisibility);
        var alice = BoardTruth.Decode(aliceBytes);
        var bob = BoardTruth.Decode(bobBytes);
        int n = (int)blockRounds;
        PairedBlockFile.Write(path, alice.Settings[..n], alice.Clicks[..n], bob.Settings[..n], bob.Clicks[..n]);
    }

    /// <summary>
    /// Checks the stores after the restart; returns the next block number to run (past every block either
    /// store has seen, so no id is reused).
    /// </summary>
    private static long Check(int kill, string stage, string alicePath, string bobPath, HashSet<string> announced, List<string> failures, long nextBlock)
    {
        using var alice = SqliteKeyStore.Open(alicePath);
        using var bob = SqliteKeyStore.Open(bobPath);
        var a = alice.CommittedKeys().ToDictionary(k => k.BlockId);
        var b = bob.CommittedKeys().ToDictionary(k => k.BlockId);
        if (alice.StagedBlocks().Count + bob.StagedBlocks().Count > 0)
            failures.Add($"kill {kill} ({stage}): staged keys left after the restart's settlement");
        foreach (var id in a.Keys.Union(b.Keys))
        {
            if (!a.TryGetValue(id, out var ak) || !b.TryGetValue(id, out var bk))
                failures.Add($"kill {kill} ({stage}): block {id} is committed at {(a.ContainsKey(id) ? "Alice" : "Bob")} only");
            else if (ak.Sha256 != bk.Sha256 || ak.Bits != bk.Bits)
                failures.Add($"kill {kill} ({stage}): the stations hold different keys for block {id}");
        }

        foreach (var id in announced.Where(id => !a.ContainsKey(id)))
            failures.Add($"kill {kill} ({stage}): Alice committed block {id}, but after the restart it is not committed");
        return a.Keys.Union(b.Keys).Select(id => long.Parse(id["block-".Length..], CultureInfo.InvariantCulture) + 1).Append(nextBlock + 1).Max();
    }

    private static IReadOnlyList<StoredKey> CommittedKeys(string path)
    {
        using var store = SqliteKeyStore.Open(path);
        return store.CommittedKeys();
    }

    /// <summary>Where in the commit order the process died, read from the stores before the restart.</summary>
    private static string StageOf(string alicePath, string bobPath)
    {
        using var alice = SqliteKeyStore.Open(alicePath);
        using var bob = SqliteKeyStore.Open(bobPath);
        var bobStaged = bob.StagedBlocks();
        if (bobStaged.Count == 0)
            return alice.StagedBlocks().Count == 0 ? "nothing in doubt" : "alice staged only";
        return alice.StateOf(bobStaged[0]) switch
        {
            KeyState.Committed => "alice committed, bob staged",
            KeyState.Staged => "both staged",
            _ => "bob staged only",
        };
    }

    private sealed record DriverRun((double Staging, double Committing) Parts, List<string> AliceCommitted);

    /// <summary>Starts the driver, which kills itself at <paramref name="step"/> of its first block.</summary>
    private static async Task<DriverRun> RunUntilSelfKillAsync(string alice, string bob, string blocks, long firstBlock, QkdEdge.Station.Planning.BlockPlan plan,
        string step, (double Staging, double Committing) measured)
    {
        using var process = Process.Start(DriverStart(alice, bob, blocks, firstBlock, plan, step))!;
        using var timeout = new CancellationTokenSource(DriverTimeout);
        try
        {
            string output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("ready", lines[0]);
            // Killed by a signal, SIGKILL (9): the exit status a shell reports is 128 + 9.
            Assert.True(process.ExitCode == 137 && lines.Any(l => l.StartsWith(step + " ", StringComparison.Ordinal)),
                $"the driver did not die of SIGKILL at {step}: exit {process.ExitCode}, last line '{lines[^1]}'");
            return new DriverRun(measured, [.. lines.Where(l => l.StartsWith("alice-committed ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1])]);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
    }

    private static ProcessStartInfo DriverStart(string alice, string bob, string blocks, long firstBlock, QkdEdge.Station.Planning.BlockPlan plan, string? killAt)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            DriverPath(), alice, bob, blocks, firstBlock.ToString(CultureInfo.InvariantCulture), plan.TestFraction.ToString("R", CultureInfo.InvariantCulture),
            plan.Engine.ExpectedChsh.ToString("R", CultureInfo.InvariantCulture), plan.Engine.ExpectedErrorRate.ToString("R", CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        if (killAt is not null)
            start.ArgumentList.Add(killAt);
        return start;
    }

    /// <summary>
    /// Starts the driver and kills it a random delay after a block's storage begins (or, when
    /// <paramref name="afterStaged"/>, after Bob has staged). With no durations measured yet, it lets the first
    /// block be stored to measure them and kills during the next.
    /// </summary>
    private static async Task<DriverRun> RunAndKillAsync(string alice, string bob, string blocks, long firstBlock, QkdEdge.Station.Planning.BlockPlan plan,
        Random random, (double Staging, double Committing) measured, bool afterStaged)
    {
        var committed = new List<string>();
        using var process = Process.Start(DriverStart(alice, bob, blocks, firstBlock, plan, killAt: null))!;
        using var timeout = new CancellationTokenSource(DriverTimeout);
        try
        {
            Assert.Equal("ready", await process.StandardOutput.ReadLineAsync(timeout.Token));
            string trigger = afterStaged ? "bob-staged" : "storing";
            while (true)
            {
                string line = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the driver ended by itself");
                var words = line.Split(' ');
                if (words[0] == "alice-committed")
                    committed.Add(words[1]);
                else if (words[0] == "stored")
                {
                    measured = (Math.Max(measured.Staging, double.Parse(words[2], CultureInfo.InvariantCulture)),
                        Math.Max(measured.Committing, double.Parse(words[3], CultureInfo.InvariantCulture)));
                }
                else if (words[0] == trigger && measured.Committing > 0)
                {
                    double span = afterStaged ? measured.Committing : measured.Staging;
                    await Task.Delay(TimeSpan.FromMilliseconds(random.NextDouble() * KillSpread * span));
                    process.Kill(entireProcessTree: true); // SIGKILL: no finally blocks, no flushes, no disposal
                    await process.WaitForExitAsync(timeout.Token);
                    // Lines the driver wrote before it died still count.
                    string rest = await process.StandardOutput.ReadToEndAsync(timeout.Token);
                    committed.AddRange(rest.Split('\n').Where(l => l.StartsWith("alice-committed ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]));
                    return new DriverRun(measured, committed);
                }
            }
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>The driver's output, built next to this project (same framework) in Release by <see cref="BuildDriverAsync"/>.</summary>
    private static string DriverPath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(DriverProjectFolder(), "bin", "Release", output.Name, "QkdEdge.CrashDriver.dll");
    }

    private static string DriverProjectFolder()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(output.Parent!.Parent!.Parent!.Parent!.FullName, "QkdEdge.CrashDriver");
    }

    /// <summary>
    /// Builds the driver in Release, as a station is deployed: it runs fifty multi-million-round blocks, four times
    /// faster than unoptimised. A solution build (Debug) does not build the Release configuration, so the test does;
    /// when the output is current this takes a few seconds.
    /// </summary>
    private static async Task BuildDriverAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "build", Path.Combine(DriverProjectFolder(), "QkdEdge.CrashDriver.csproj"), "-c", "Release", "--nologo", "-v", "q" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
        Assert.True(process.ExitCode == 0, $"building the crash driver failed:\n{await standardOutput}\n{await standardError}");
    }
}
