using System.Globalization;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Engine;
using QkdEdge.Security.FiniteKey;
using QkdEdge.Security.Planning;

namespace QkdEdge.Reliability.Tests.Simulation;

/// <summary>
/// Engine settings and schedule counts for the simulation. The devices are the ideal emulated link (visibility 1,
/// ideal detectors), whose statistics the settings expect; the test fraction is the planner's best for the block
/// size. Schedule count and a single seed to rerun come from the environment.
/// </summary>
internal static class SimulationSettings
{
    /// <summary>Schedules run by default (CI); QKDEDGE_RELIABILITY_SCHEDULES raises it.</summary>
    public const int DefaultSchedules = 200;

    /// <summary>The link's reconciliation efficiency the planner assumes (LdpcReconciliation's default margin).</summary>
    public const double ReconciliationEfficiency = 1.25;

    public static EngineSettings For(long blockRounds, double soundness)
    {
        var settings = new EngineSettings
        {
            TestFraction = 0.5,
            ExpectedChsh = DetectionModel.ChshValue(1, 1, 1, 0),
            ExpectedErrorRate = DetectionModel.ErrorRate(1, 1, 1, 0),
            Security = EatSecurityParameters.ForSoundness(soundness, 1e-2),
        };
        return settings with { TestFraction = BlockPlanner.BestTestFraction(Protocols.ChshVaziraniVidick, settings, blockRounds, ReconciliationEfficiency) };
    }

    public static int Schedules =>
        int.TryParse(Environment.GetEnvironmentVariable("QKDEDGE_RELIABILITY_SCHEDULES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n : DefaultSchedules;

    /// <summary>QKDEDGE_RELIABILITY_SEED reruns exactly one schedule; 0 picks a random seed (printed).</summary>
    public static ulong? SingleSeed
    {
        get
        {
            if (!ulong.TryParse(Environment.GetEnvironmentVariable("QKDEDGE_RELIABILITY_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong seed))
                return null;
            return seed == 0 ? (ulong)Random.Shared.NextInt64(1, long.MaxValue) : seed;
        }
    }
}
