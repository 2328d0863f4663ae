namespace QkdEdge.Security.Statistics;

/// <summary>
/// A one-sided confidence bound on the average conditional CHSH win probability of the test rounds, and the
/// CHSH value that goes with it (S = 8w - 4).
/// </summary>
/// <param name="Wins">Won test rounds.</param>
/// <param name="Tests">Test rounds.</param>
/// <param name="Observed">Wins / Tests.</param>
/// <param name="LowerBound">Observed - sqrt(ln(1/eps)/(2 Tests)) (Azuma-Hoeffding), clamped at 0.</param>
/// <param name="Eps">Probability that the true average lies below the bound.</param>
public sealed record WinFractionInterval(long Wins, long Tests, double Observed, double LowerBound, double Eps)
{
    /// <summary>Observed CHSH value.</summary>
    public double ObservedChsh => Chsh.Value(Observed);

    /// <summary>CHSH value certified with confidence 1 - Eps.</summary>
    public double LowerBoundChsh => Chsh.Value(LowerBound);

    /// <summary>
    /// Bound from the Azuma-Hoeffding inequality (see <see cref="TailBounds"/>): valid for devices that adapt
    /// each round to the past, because it only uses that each won/lost indicator minus its conditional
    /// expectation is a bounded martingale difference.
    /// </summary>
    public static WinFractionInterval FromCounts(long wins, long tests, double eps)
    {
        if (tests <= 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(tests), tests, "a positive number of test rounds");
        }

        if (wins < 0 || wins > tests)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(wins), wins, "a count between 0 and the number of test rounds");
        }

        double observed = (double)wins / tests;
        double lower = Math.Max(0.0, observed - TailBounds.HoeffdingDeviation(tests, eps));
        return new WinFractionInterval(wins, tests, observed, lower, eps);
    }
}
