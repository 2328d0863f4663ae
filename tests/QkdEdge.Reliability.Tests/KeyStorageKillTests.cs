using System.Diagnostics;
using System.Globalization;
using QkdEdge.KeyStore;
using QkdEdge.Protocol.Engine;
using QkdEdge.Reliability.Tests.Simulation;
using Xunit.Abstractions;

namespace QkdEdge.Reliability.Tests;

/// <summary>
/// Kills a real host process (SIGKILL) at random moments while it stores block keys, 50 times, and after each
/// kill restarts from disk, settles the stores with KeySettlement and checks that both hold the same committed
/// keys and nothing staged. Seeded: the kill delays are reproducible (the process's own timing is not).
/// </summary>
public sealed class KeyStorageKillTests(ITestOutputHelper output)
{
    private const int Kills = 50;

    [Fact]
    public async Task Kill_WhenHostDiesDuringKeyStorage_RestartSettlesToIdenticalStores()
    {
        var folder = Directory.CreateTempSubdirectory("kill-").FullName;
        var random = new Random(20_240_601);
        var stages = new Dictionary<string, int>();
        long nextBlock = 0;
        var failures = new List<string>();
        try
        {
            for (int kill = 0; kill < Kills; kill++)
            {
                await RunAndKillAsync(folder, nextBlock, TimeSpan.FromMilliseconds(random.Next(5, 80)));
                using var alice = SqliteKeyStore.Open(Path.Combine(folder, "alice-keys.db"));
                using var bob = SqliteKeyStore.Open(Path.Combine(folder, "bob-keys.db"));
                string stage = StageOf(alice, bob);
                stages[stage] = stages.GetValueOrDefault(stage) + 1;

                var link = new SimulatedPeerLink(null);
                await Task.WhenAll(KeySettlement.SettleAsAliceAsync(alice, link.Alice, CancellationToken.None),
                    KeySettlement.SettleAsBobAsync(bob, link.Bob, CancellationToken.None));

                var a = alice.CommittedKeys();
                var b = bob.CommittedKeys();
                if (alice.StagedBlocks().Count + bob.StagedBlocks().Count > 0)
                    failures.Add($"kill {kill} ({stage}): staged keys left after settlement");
                if (!a.Select(k => k.BlockId).SequenceEqual(b.Select(k => k.BlockId)))
                    failures.Add($"kill {kill} ({stage}): committed blocks differ: alice {a.Count}, bob {b.Count}");
                else if (a.Zip(b).Any(p => !p.First.Key.AsSpan().SequenceEqual(p.Second.Key)))
                    failures.Add($"kill {kill} ({stage}): a committed key differs between the stores");
                nextBlock = Math.Max(nextBlock, a.Concat(b).Select(k => long.Parse(k.BlockId["block-".Length..], CultureInfo.InvariantCulture) + 1).DefaultIfEmpty(0).Max()) + 1;
            }

            output.WriteLine($"{Kills} kills; stage at the kill: " + string.Join(", ", stages.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}")));
            output.WriteLine($"blocks attempted up to {nextBlock}");
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Where in the commit order the process died, read from the stores before settlement.</summary>
    private static string StageOf(SqliteKeyStore alice, SqliteKeyStore bob)
    {
        var bobStaged = bob.StagedBlocks();
        if (bobStaged.Count == 0)
            return alice.StagedBlocks().Count == 0 ? "between blocks" : "alice staged only";
        return alice.StateOf(bobStaged[0]) switch
        {
            KeyState.Committed => "alice committed, bob staged",
            KeyState.Staged => "both staged",
            _ => "bob staged only",
        };
    }

    private static async Task RunAndKillAsync(string folder, long firstBlock, TimeSpan delay)
    {
        // The driver builds next to this project (same configuration and framework), as a project reference.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string driver = Path.Combine(output.Parent!.Parent!.Parent!.Parent!.FullName, "QkdEdge.CrashDriver", "bin",
            output.Parent.Name, output.Name, "QkdEdge.CrashDriver.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(driver);
        start.ArgumentList.Add(folder);
        start.ArgumentList.Add(firstBlock.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        Assert.Equal("ready", line);
        await Task.Delay(delay);
        process.Kill(entireProcessTree: true); // SIGKILL: no finally blocks, no flushes, no disposal
        await process.WaitForExitAsync(timeout.Token);
    }
}
