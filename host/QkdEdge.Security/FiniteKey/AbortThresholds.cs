using QkdEdge.Security.Statistics;

namespace QkdEdge.Security.FiniteKey;

/// <summary>
/// The two abort rules of a block, fixed before it runs from the statistics expected of honest devices, with
/// separate tolerances (VV14 Table I uses one eta for both; under white noise the agreement test then binds
/// first, reference sheet 2, so they are kept apart here and the engine logs which one fired).
/// </summary>
/// <param name="Rounds">n.</param>
/// <param name="TestFraction">gamma.</param>
/// <param name="ExpectedWinProbability">omega_exp = 1/2 + S/8 of the honest devices.</param>
/// <param name="ChshTolerance">eta_chsh: omega_exp - p_thr.</param>
/// <param name="ThresholdWinProbability">p_thr: normalised threshold handed to the key-length computation.</param>
/// <param name="RequiredWins">Abort the block if fewer test rounds are won: ceil(p_thr gamma n).</param>
/// <param name="ExpectedErrorRate">Q_exp on key rounds.</param>
/// <param name="KeyTolerance">eta_key: Q_max - Q_exp.</param>
/// <param name="MaxErrorRate">Q_max: error correction is sized for it; a higher estimate aborts the block.</param>
/// <param name="ChshCompleteness">Probability that honest devices fail the CHSH test (at most).</param>
/// <param name="KeyCompleteness">Probability that honest key rounds exceed Q_max (at most).</param>
public sealed record AbortThresholds(
    long Rounds,
    double TestFraction,
    double ExpectedWinProbability,
    double ChshTolerance,
    double ThresholdWinProbability,
    long RequiredWins,
    double ExpectedErrorRate,
    double KeyTolerance,
    double MaxErrorRate,
    double ChshCompleteness,
    double KeyCompleteness)
{
    /// <summary>
    /// Derives the thresholds. The count of won test rounds of honest i.i.d. devices is Bin(n, gamma omega);
    /// the error count on the about (1-gamma) n key rounds is Bin(m, Q). Each tolerance is the smallest one
    /// whose Chernoff-KL tail (<see cref="TailBounds"/>) is at most its completeness share.
    /// </summary>
    public static AbortThresholds Derive(
        double expectedChsh, double expectedErrorRate, long rounds, double testFraction, double chshCompleteness, double keyCompleteness)
    {
        if (rounds <= 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(rounds), rounds, "a positive number of rounds");
        }

        ThrowHelper.ThrowIfNotOpenUnit(testFraction, nameof(testFraction));
        ThrowHelper.ThrowIfNotOpenUnit(chshCompleteness, nameof(chshCompleteness));
        ThrowHelper.ThrowIfNotOpenUnit(keyCompleteness, nameof(keyCompleteness));
        ThrowHelper.ThrowIfNotProbability(expectedErrorRate, nameof(expectedErrorRate));
        double omega = Chsh.WinProbability(expectedChsh);
        if (!(omega > 0.0 && omega < 1.0))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(expectedChsh), expectedChsh, "a CHSH value in (-4, 4)");
        }

        double perRound = testFraction * omega;
        double delta = TailBounds.ChernoffLowerDeviation(rounds, perRound, chshCompleteness);
        double pThreshold = Math.Max(0.0, omega - delta / testFraction);
        long requiredWins = (long)Math.Ceiling(pThreshold * testFraction * rounds - 1e-9);

        double keyRounds = Math.Max(1.0, (1.0 - testFraction) * rounds);
        double keyDelta = expectedErrorRate is > 0.0 and < 1.0
            ? TailBounds.ChernoffUpperDeviation(keyRounds, expectedErrorRate, keyCompleteness)
            : 0.0;
        return new AbortThresholds(
            rounds, testFraction, omega, delta / testFraction, pThreshold, requiredWins, expectedErrorRate, keyDelta,
            Math.Min(1.0, expectedErrorRate + keyDelta), chshCompleteness, keyCompleteness);
    }
}
