using System.Collections.Concurrent;
using QkdEdge.Archive;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Reconciliation;

namespace QkdEdge.Reliability.Tests.Simulation;

/// <summary>What one schedule did and which invariants it broke (none, when all is well).</summary>
internal sealed record SimulationReport(FaultSchedule Schedule, IReadOnlyList<string> Violations, long RoundsProduced, long RoundsArchived,
    long RoundsCountedLost, int Blocks, int KeysCommitted, int HostRestarts, IReadOnlyList<BlockResult> BlockResults, int DiskFullFailures)
{
    public override string ToString() =>
        $"{Schedule}\n  rounds produced {RoundsProduced}, archived {RoundsArchived}, counted lost {RoundsCountedLost}; blocks {Blocks}, keys {KeysCommitted}, host restarts {HostRestarts}, writes refused by a full disk {DiskFullFailures}"
        + string.Concat(BlockResults.Select(b => $"\n  {b.BlockId}: alice {b.Alice} {b.AliceCause}, bob {b.Bob} {b.BobCause}"))
        + string.Concat(Violations.Select(v => "\n  VIOLATION: " + v));
}

/// <summary>
/// Runs one fault schedule end to end in this process: both boards on virtual time, the serial links with
/// their faults into each station's archive, then every block both archives cut through both block engines
/// over the faulty peer link into the key stores, and finally checks the invariants:
/// rounds archived = rounds the boards produced - rounds counted lost, every archived round as the board sent
/// it, the archive verifies, both stores hold identical committed keys, nothing staged is left after
/// settlement, and no key comes from a block either station aborted.
/// </summary>
internal static class FaultSimulation
{
    /// <summary>
    /// The boards' output by (seed, rounds, visibility): schedules that share a board seed share one capture,
    /// which is what makes multi-million-round schedules affordable. Only schedules with a fixed board seed use it.
    /// </summary>
    private static readonly ConcurrentDictionary<(ulong Seed, long Rounds, double Visibility), Lazy<(byte[] Alice, byte[] Bob)>> Captures = new();

    public static async Task<SimulationReport> RunAsync(FaultSchedule schedule, EngineSettings settings, IKeyReconciliation reconciliation)
    {
        var folder = Scratch();
        try
        {
            return await RunInAsync(folder, schedule, settings, reconciliation);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<SimulationReport> RunInAsync(string folder, FaultSchedule schedule, EngineSettings settings, IKeyReconciliation reconciliation)
    {
        var violations = new List<string>();
        int seed = unchecked((int)schedule.Seed);
        var aliceTruth = new List<BoardTruth>();
        var bobTruth = new List<BoardTruth>();
        using var alice = new StationIngest(Path.Combine(folder, "alice.qarch"), 1, 3, schedule.BlockRounds);
        using var bob = new StationIngest(Path.Combine(folder, "bob.qarch"), 2, 2, schedule.BlockRounds);
        for (int boot = 0; boot < schedule.Boots; boot++)
        {
            // Each boot is a fresh start of both boards (a reset): new boot ids, round indices from 0.
            var (aliceBytes, bobBytes) = Capture(schedule, boot);
            aliceTruth.Add(BoardTruth.Decode(aliceBytes));
            bobTruth.Add(BoardTruth.Decode(bobBytes));
            int b = boot;
            foreach (var c in SerialLinkFaults.Apply(aliceBytes, schedule.Serial.Where(f => f.AtAlice && f.Boot == b), seed * 3 + boot).Connections)
                alice.Ingest(c);
            foreach (var c in SerialLinkFaults.Apply(bobBytes, schedule.Serial.Where(f => !f.AtAlice && f.Boot == b), seed * 5 + boot).Connections)
                bob.Ingest(c);
        }

        alice.Close();
        bob.Close();
        violations.AddRange(alice.Violations.Select(v => "alice: " + v));
        violations.AddRange(bob.Violations.Select(v => "bob: " + v));
        var aliceRounds = ArchiveCheck.Check("alice", alice.Path, aliceTruth, violations);
        var bobRounds = ArchiveCheck.Check("bob", bob.Path, bobTruth, violations);

        using var exchange = new KeyExchange(folder, settings, reconciliation, seed);
        var pairs = BlockPairing.Pair(alice.Path, bob.Path);
        for (int i = 0; i < pairs.Count; i++)
            await exchange.RunBlockAsync(pairs[i].Alice, pairs[i].Bob, schedule.Peer.FirstOrDefault(f => f.Block == i));
        await exchange.SettleAsync();
        int keys = StoreCheck.Check(exchange, violations);

        return new SimulationReport(schedule, violations, aliceRounds.Produced + bobRounds.Produced, aliceRounds.Archived + bobRounds.Archived,
            aliceRounds.Lost + bobRounds.Lost, pairs.Count, keys, alice.Crashes + bob.Crashes + exchange.Restarts, exchange.Results,
            alice.DiskFullFailures + bob.DiskFullFailures + exchange.StoreFullFailures);
    }

    /// <summary>Both boards' serial output for one boot, captured once per (seed, rounds, visibility) and shared.</summary>
    public static (byte[] Alice, byte[] Bob) Capture(ulong boardSeed, long rounds, double visibility) =>
        Captures.GetOrAdd((boardSeed, rounds, visibility),
            key => new Lazy<(byte[], byte[])>(() => BoardCapture.Run(key.Seed, key.Rounds, FaultSchedule.BatchSize, key.Visibility))).Value;

    private static (byte[] Alice, byte[] Bob) Capture(FaultSchedule schedule, int boot) => schedule.BoardSeed is ulong shared
        ? Capture(shared, schedule.RoundsPerBoot, schedule.Visibility)
        : BoardCapture.Run(schedule.Seed * 16 + (ulong)boot, schedule.RoundsPerBoot, FaultSchedule.BatchSize, schedule.Visibility);

    /// <summary>
    /// The run's files go to memory (/dev/shm) where there is one: crashes here are a process dying, which loses
    /// nothing the operating system already holds, so the archive's and key store's fsyncs buy nothing and
    /// would dominate a multi-million-round schedule. Elsewhere, the temporary folder.
    /// </summary>
    private static string Scratch() => Directory.Exists("/dev/shm")
        ? Directory.CreateDirectory(Path.Combine("/dev/shm", "qkdedge-reliability-" + Guid.NewGuid().ToString("N"))).FullName
        : Directory.CreateTempSubdirectory("reliability-").FullName;
}
