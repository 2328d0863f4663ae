namespace QkdEdge.Security.FiniteKey;

/// <summary>
/// Expected error-correction leakage of an honest run, for planning (the engine passes the measured leak).
/// Reference sheet 3.3 form (after ARV's honest-case estimate via the smooth max-entropy AEP, with
/// upsilon = 2 sqrt2 + 1 for a binary variable):
/// leak_EC = n [ (1-gamma) f h(Q) + gamma h(omega) ] + sqrt(n) 4 log(2 sqrt2 + 1) sqrt(log(8/eps'_EC^2)) + log(1/eps_EC).
/// Test rounds leak h(omega) because Bob must learn Alice's test outputs to score CHSH. f &gt;= 1 is the
/// reconciliation inefficiency of a real code (f = 1 gives the sheet's formula).
/// </summary>
public static class ErrorCorrectionLeak
{
    private static readonly double AepCoefficient = 4.0 * Math.Log2(2.0 * Math.Sqrt(2.0) + 1.0);

    /// <param name="rounds">n.</param>
    /// <param name="testFraction">gamma.</param>
    /// <param name="errorRate">Q on key rounds.</param>
    /// <param name="winProbability">omega on test rounds.</param>
    /// <param name="eps">eps_EC (hash) and eps'_EC (AEP smoothing).</param>
    /// <param name="efficiency">Reconciliation inefficiency f &gt;= 1 applied to the key rounds.</param>
    /// <param name="includeAepTerm">
    /// Whether to add the sheet's sqrt(n) AEP term (the honest smooth max-entropy of an ideal code). Planning keeps
    /// it (shorter keys); leaving it out models a code whose finite-size cost is already inside f.
    /// </param>
    public static double Estimate(
        double rounds, double testFraction, double errorRate, double winProbability, EatSecurityParameters eps,
        double efficiency = 1.0, bool includeAepTerm = true)
    {
        ThrowHelper.ThrowIfNotPositive(rounds, nameof(rounds));
        ThrowHelper.ThrowIfNotOpenUnit(testFraction, nameof(testFraction));
        if (double.IsNaN(efficiency) || efficiency < 1.0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(efficiency), efficiency, "a reconciliation efficiency f >= 1");
        }

        double w = Math.Clamp(winProbability, 0.0, 1.0);
        double perRound = (1.0 - testFraction) * efficiency * BinaryEntropy.Of(errorRate) + testFraction * BinaryEntropy.Of(w);
        double eps2 = eps.ErrorCorrectionSmoothing * eps.ErrorCorrectionSmoothing;
        double aep = includeAepTerm ? Math.Sqrt(rounds) * AepCoefficient * Math.Sqrt(Math.Log2(8.0 / eps2)) : 0.0;
        return rounds * perRound + aep + Math.Log2(1.0 / eps.ErrorCorrection);
    }
}
