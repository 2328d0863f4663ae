namespace QkdEdge.Security.Asymptotic;

/// <summary>
/// Statements of U. Vazirani and T. Vidick, "Fully device-independent quantum key distribution",
/// PRL 113, 140501 (2014), Table I and the theorem of the letter, as checked against its text (reference
/// sheet 2). VV labels: Alice x in {0,1,2}, Bob y in {0,1}; CHSH on x, y in {0,1}; key pair (x, y) = (2, 1).
/// </summary>
public static class VaziraniVidick
{
    /// <summary>The noise tolerance eta of the letter's headline statement.</summary>
    public const double StatedNoiseTolerance = 0.02;

    /// <summary>
    /// The letter's headline: for eta = 0.02 and small gamma, H_min^eps(A|PE) &gt;= 0.05 n - O(ln(n/(p_s eps)))
    /// (the constant in the O(.) is not given in the letter, so no finite-n number follows from it).
    /// </summary>
    public const double StatedMinEntropyRate = 0.05;

    /// <summary>Table I, testing step: abort if the CHSH win fraction of the test set is below cos^2(pi/8) - eta.</summary>
    public static double ChshAbortThreshold(double eta) => Chsh.MaxWinProbability - eta;

    /// <summary>Table I, extraction step: abort if the agreement fraction on tested key rounds is below 1 - eta.</summary>
    public static double AgreementAbortThreshold(double eta) => 1.0 - eta;

    /// <summary>The letter's trade-off: r &gt;= H_min^eps(A|PE)/n - h(Q), as a fraction of the key rounds.</summary>
    public static double KeyRate(double minEntropyRate, double errorRate) => minEntropyRate - BinaryEntropy.Of(errorRate);

    /// <summary>Error rate tied to the letter's noise parameter: Q = eta / sqrt2.</summary>
    public static double ErrorRateForNoise(double eta) => eta / Math.Sqrt(2.0);

    /// <summary>The CHSH value tied to an error rate in the letter's trade-off: S = 2 sqrt2 (1 - 2Q).</summary>
    public static double ChshForErrorRate(double errorRate) => Chsh.TsirelsonBound * (1.0 - 2.0 * errorRate);

    /// <summary>
    /// Under depolarising noise the CHSH win fraction falls short of cos^2(pi/8) by Q/sqrt2 (sheet 2, derived):
    /// with one tolerance for both tests, the agreement test (Q &lt;= eta) binds before the CHSH test.
    /// </summary>
    public static double ChshShortfallForErrorRate(double errorRate) => errorRate / Math.Sqrt(2.0);
}
