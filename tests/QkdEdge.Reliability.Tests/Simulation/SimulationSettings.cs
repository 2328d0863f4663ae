using System.Globalization;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Reconciliation;
using QkdEdge.Security.FiniteKey;
using QkdEdge.Security.Planning;
using QkdEdge.Station.Configuration;
using QkdEdge.Station.Planning;

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

    /// <summary>
    /// Key-exchange schedules run by default (CI): twelve multi-million-round blocks take about two minutes of
    /// this test project on a shared two-core machine. QKDEDGE_RELIABILITY_SCHEDULES scales them with the
    /// small schedules (n small schedules run n * 12 / 200 of these, at least 12).
    /// </summary>
    public const int DefaultKeySchedules = 12;

    /// <summary>
    /// The emulated source's visibility in the key-exchange schedules: the demo's default, with its ideal
    /// detectors, so the planned block is the demo's honest block.
    /// </summary>
    public const double KeyExchangeVisibility = 0.99;

    private static readonly Lazy<BlockPlan> KeyPlan = new(PlanKeyBlocks);

    /// <summary>
    /// The block plan a station makes for the demo's emulated link with the station's default security
    /// parameters (soundness, completeness, analysis, block margin): what <see cref="StationPlanner"/> gives,
    /// reconciliation measured as the station measures it.
    /// </summary>
    public static BlockPlan KeyExchangePlan => KeyPlan.Value;

    public static int KeySchedules => Math.Max(DefaultKeySchedules, (int)Math.Ceiling((double)Schedules * DefaultKeySchedules / DefaultSchedules));

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

    private static BlockPlan PlanKeyBlocks()
    {
        var options = new ProtocolOptions
        {
            ExpectedChsh = DetectionModel.ChshValue(KeyExchangeVisibility, 1, 1, 0),
            ExpectedErrorRate = DetectionModel.ErrorRate(KeyExchangeVisibility, 1, 1, 0),
        };
        if (!StationPlanner.TryPlan(options, Protocols.ChshVaziraniVidick, new LdpcReconciliation(), out var plan, out var error))
            throw new InvalidOperationException($"The station plans no key for the emulated link: {error}");
        return plan!;
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
