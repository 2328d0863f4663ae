using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Engine;
using QkdEdge.Security.FiniteKey;
using QkdEdge.Station.Configuration;

namespace QkdEdge.Station.Planning;

/// <summary>
/// Chooses the block size and the test fraction from the expected statistics through the finite-key
/// analysis, never by hand. The analysis is proved for kept rounds (docs/protocol-engine.md): with uniform
/// inputs a round is kept when it is a tested Bell round (probability gamma pBell) or a key-pair round
/// (pKey), and a kept round is a test round with probability gamma' = gamma pBell / (gamma pBell + pKey).
/// So the planner (1) finds the fewest kept rounds with a positive key, (2) scales them by the margin,
/// (3) lets the analysis pick the best gamma' for that many kept rounds, (4) converts gamma' back to the
/// gamma Alice draws with, and (5) divides the kept rounds by the kept fraction to get the block size.
/// </summary>
public static class BlockPlanner
{
    /// <summary>Largest kept-round count searched; beyond it a block would take days even at MHz rates.</summary>
    private const long MaxKeptRounds = 100_000_000_000;

    public static bool TryPlan(ProtocolOptions options, ProtocolDescription protocol, out BlockPlan? plan, out string? error)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(protocol);
        plan = null;
        var inputs = new PlanningInputs(
            options.ExpectedChsh, options.ExpectedErrorRate, options.Security,
            ReconciliationEfficiency: options.ReconciliationEfficiency, Analysis: options.Analysis, KeyCompleteness: options.KeyCompleteness);

        long? minimum = FiniteKeyPlanner.RoundsForPositiveKey(inputs, MaxKeptRounds);
        if (minimum is not long minimumKept)
        {
            error = FormattableString.Invariant(
                $"no block of up to {MaxKeptRounds:E0} kept rounds yields key at S = {options.ExpectedChsh}, Q = {options.ExpectedErrorRate} with soundness {options.Soundness}: the devices are too noisy for a key.");
            return false;
        }

        long kept = (long)Math.Ceiling(minimumKept * options.BlockMargin);
        FiniteKeyPlan analysis = FiniteKeyPlanner.Plan(inputs, kept);
        if (analysis.Result.IsAbort)
        {
            error = FormattableString.Invariant($"the analysis gives no key for {kept} kept rounds ({analysis.Result.Reason}) although {minimumKept} sufficed; raise protocol:blockMargin.");
            return false;
        }

        var (pBell, pKey) = InputFractions(protocol);
        double keptTest = analysis.Thresholds.TestFraction;
        double gamma = keptTest * pKey / (pBell * (1 - keptTest));
        if (!(gamma > 0 && gamma < 1))
        {
            error = FormattableString.Invariant($"the analysis asks for a kept-round test fraction of {keptTest}, which needs gamma = {gamma} outside (0, 1).");
            return false;
        }

        long blockRounds = (long)Math.Ceiling(kept / (gamma * pBell + pKey));
        var engine = new EngineSettings
        {
            TestFraction = gamma,
            ExpectedChsh = options.ExpectedChsh,
            ExpectedErrorRate = options.ExpectedErrorRate,
            Security = options.Security,
            KeyCompleteness = options.KeyCompleteness,
            Analysis = options.Analysis,
        };
        if (!engine.TryValidate(out error))
            return false;
        plan = new BlockPlan(blockRounds, gamma, kept, keptTest, minimumKept, analysis, engine);
        return true;
    }

    /// <summary>With uniform inputs: probability that a round's input pair is scored by the Bell test, and that it is the key pair.</summary>
    public static (double Bell, double Key) InputFractions(ProtocolDescription protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        int pairs = protocol.AliceInputs * protocol.BobInputs;
        int bell = 0;
        for (int x = 0; x < protocol.AliceInputs; x++)
            for (int y = 0; y < protocol.BobInputs; y++)
                if (protocol.BellWin(x, y, 0, 0) is not null)
                    bell++;
        return ((double)bell / pairs, 1.0 / pairs);
    }
}
