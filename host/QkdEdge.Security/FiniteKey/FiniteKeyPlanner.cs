using QkdEdge.Security.Asymptotic;

namespace QkdEdge.Security.FiniteKey;

/// <summary>
/// Plans blocks for honest devices with known expected statistics: thresholds, estimated leak and key length,
/// with the test fraction gamma chosen for the block size when not given, and the number of rounds needed
/// for the first positive key.
/// </summary>
public static class FiniteKeyPlanner
{
    private const double MinTestFraction = 1e-5;
    private const double MaxTestFraction = 0.5;

    /// <summary>Plans one block of <paramref name="rounds"/> rounds.</summary>
    public static FiniteKeyPlan Plan(PlanningInputs inputs, long rounds)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (rounds <= 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(rounds), rounds, "a positive number of rounds");
        }

        if (inputs.TestFraction is { } gamma)
        {
            return PlanAt(inputs, rounds, gamma);
        }

        var (logGamma, _) = GoldenSection.Maximise(
            x => PlanAt(inputs, rounds, Math.Pow(10.0, x)).Result.Breakdown?.KeyLengthReal ?? double.NegativeInfinity,
            Math.Log10(MinTestFraction), Math.Log10(MaxTestFraction), 14, 22);
        return PlanAt(inputs, rounds, Math.Pow(10.0, logGamma));
    }

    /// <summary>
    /// Smallest number of rounds (to about 1 %) for which a block yields a positive key, or null if none up
    /// to <paramref name="maxRounds"/>. The optimised key length grows with n once positive, so bisection applies.
    /// </summary>
    public static long? RoundsForPositiveKey(PlanningInputs inputs, long maxRounds = 10_000_000_000_000)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (ChshKeyRate.Raw(inputs.ChshValue, inputs.ErrorRate) <= 0.0)
        {
            return null;
        }

        bool Positive(double logN) => !Plan(inputs, (long)Math.Round(Math.Pow(10.0, logN))).Result.IsAbort;
        double lo = 3.0, hi = 3.0;
        while (!Positive(hi))
        {
            lo = hi;
            hi += 0.5;
            if (hi > Math.Log10(maxRounds))
            {
                return null;
            }
        }

        if (lo == hi)
        {
            return (long)Math.Round(Math.Pow(10.0, hi));
        }

        while (hi - lo > 0.004)
        {
            double mid = 0.5 * (lo + hi);
            if (Positive(mid))
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        return (long)Math.Round(Math.Pow(10.0, hi));
    }

    private static FiniteKeyPlan PlanAt(PlanningInputs inputs, long rounds, double gamma)
    {
        var eps = inputs.Security;
        AbortThresholds thresholds = AbortThresholds.Derive(inputs.ChshValue, inputs.ErrorRate, rounds, gamma, eps.Completeness, inputs.KeyCompleteness);
        if (inputs.Analysis is EatAnalysis.ReferenceSheet or EatAnalysis.ReferenceSheetImproved)
        {
            // The sheet sizes its CHSH threshold with Hoeffding on the count fraction (sheet 3.3).
            double p = Math.Max(0.0, ReferenceSheetEat.ThresholdWinProbability(rounds, inputs.ChshValue, gamma, eps.Completeness));
            thresholds = thresholds with
            {
                ThresholdWinProbability = p,
                ChshTolerance = thresholds.ExpectedWinProbability - p,
                RequiredWins = (long)Math.Ceiling(p * gamma * rounds - 1e-9),
            };
        }

        double leak = ErrorCorrectionLeak.Estimate(rounds, gamma, inputs.ErrorRate, thresholds.ExpectedWinProbability, eps, inputs.ReconciliationEfficiency, inputs.IncludeAepLeakTerm);
        var request = new KeyLengthRequest(rounds, gamma, thresholds.ThresholdWinProbability, leak, eps, inputs.Analysis);
        return new FiniteKeyPlan(thresholds, leak, FiniteKeyAnalysis.ComputeKeyLength(request));
    }
}
