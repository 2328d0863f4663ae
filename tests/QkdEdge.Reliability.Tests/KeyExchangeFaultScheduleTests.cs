using System.Diagnostics;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Reconciliation;
using QkdEdge.Reliability.Tests.Simulation;
using Xunit.Abstractions;

namespace QkdEdge.Reliability.Tests;

/// <summary>
/// Seeded fault schedules over blocks large enough for a key with the station's own plan (the demo's emulated
/// link and the station's default security parameters), with a peer fault at a key-exchange step of each:
/// mid-reconciliation, at verification, at privacy amplification, and between the commit steps. The boards run
/// once (one capture shared by every schedule); the serial faults, the faults' kinds and the engines'
/// randomness differ by seed. QKDEDGE_RELIABILITY_SEED=n reruns one schedule exactly.
/// </summary>
public sealed class KeyExchangeFaultScheduleTests(ITestOutputHelper output)
{
    /// <summary>The boards' seed for every key-exchange schedule.</summary>
    private const ulong BoardSeed = 1;

    [Fact]
    public async Task RunAsync_WhenFaultsStrikeDuringKeyExchange_KeepsEveryInvariantOverRealKeys()
    {
        var clock = Stopwatch.StartNew();
        var plan = SimulationSettings.KeyExchangePlan;
        output.WriteLine($"plan: blocks of {plan.BlockRounds} rounds, test fraction {plan.TestFraction:G3}, {plan.ExpectedKeyBits} key bits expected ({clock.Elapsed.TotalSeconds:F1} s)");
        var seeds = SimulationSettings.SingleSeed is ulong one ? [one] : Enumerable.Range(1, SimulationSettings.KeySchedules).Select(i => (ulong)i).ToArray();
        var failures = new List<string>();
        int withKey = 0, keys = 0, restarts = 0, diskFull = 0;
        foreach (ulong seed in seeds)
        {
            var started = clock.Elapsed;
            var schedule = FaultSchedule.GenerateForKeyExchange(seed, plan.BlockRounds, BoardSeed, SimulationSettings.KeyExchangeVisibility);
            SimulationReport report;
            try
            {
                report = await FaultSimulation.RunAsync(schedule, plan.Engine, new LdpcReconciliation());
            }
            catch (Exception ex)
            {
                output.WriteLine($"{schedule}\n  threw {ex}");
                failures.Add($"seed {seed}: threw {ex.GetType().Name}: {ex.Message}");
                continue;
            }

            output.WriteLine($"{report}\n  ({(clock.Elapsed - started).TotalSeconds:F1} s)");
            keys += report.KeysCommitted;
            withKey += report.KeysCommitted > 0 ? 1 : 0;
            restarts += report.HostRestarts;
            diskFull += report.DiskFullFailures;
            if (report.Violations.Count > 0)
                failures.Add($"seed {seed}: {string.Join("; ", report.Violations)}");
        }

        output.WriteLine($"{seeds.Length} key-exchange schedules in {clock.Elapsed.TotalSeconds:F0} s: {keys} keys committed at both stations, "
            + $"{withKey} schedules with a key, {restarts} host restarts, {diskFull} writes refused by a full disk");
        Assert.True(failures.Count == 0, $"{failures.Count} of {seeds.Length} schedules broke an invariant:\n" + string.Join("\n", failures));
        if (seeds.Length == 1)
            return;
        // Two of every eight strike points leave the key intact whatever the fault (no peer fault; a fault after
        // Alice's commit, which settlement completes), and the seeds take the strike points in turn. An honest
        // block fails the CHSH or the error-rate test with probability at most the completeness, 1 % each, so
        // the schedules must yield a key at least as often as those strike points come up, bar one such abort.
        int keyPreserving = Enumerable.Range(0, seeds.Length).Count(i => i % FaultSchedule.KeyExchangeStrikePoints < FaultSchedule.KeyPreservingStrikePoints);
        Assert.True(withKey >= keyPreserving - 1,
            $"only {withKey} of {seeds.Length} schedules produced a key; {keyPreserving} had faults that leave the key intact");
        Assert.True(keys > 0, "no schedule produced a key, so the key invariants were checked over nothing");
    }

    [Fact]
    public async Task RunAsync_WhenLinkIsCutAfterAlicesCommit_BothStationsReportAndHoldTheKey()
    {
        var plan = SimulationSettings.KeyExchangePlan;
        // Alice has committed when she sends Commit; the cut loses that message, so Bob settles the key later.
        var schedule = FaultSchedule.GenerateForKeyExchange(1, plan.BlockRounds, BoardSeed, SimulationSettings.KeyExchangeVisibility) with
        {
            Serial = [],
            Peer = [new PeerFault(0, PeerFaultKind.LinkCut, AtAlice: true, AtSend: 0, BlockMessageKind.Commit)],
        };
        var report = await FaultSimulation.RunAsync(schedule, plan.Engine, new LdpcReconciliation());
        output.WriteLine(report.ToString());

        Assert.Empty(report.Violations);
        Assert.Equal(1, report.KeysCommitted);
        var block = Assert.Single(report.BlockResults);
        Assert.Equal(StationEnd.Key, block.Alice);
        Assert.Equal(StationEnd.SettlementPending, block.Bob);
    }
}
