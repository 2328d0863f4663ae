namespace QkdEdge.Security.FiniteKey;

/// <summary>
/// Security parameters of the entropy-accumulation key length (names as in Arnon-Friedman, Renner, Vidick,
/// SIAM J. Comput. 48, 181 (2019), arXiv 1607.01797, section on DIQKD; reference sheet 3.3).
/// </summary>
/// <param name="Smoothing">eps_s: smoothing of the min-entropy handed to privacy amplification.</param>
/// <param name="EntropyAccumulation">eps_EA: the bound is only claimed when the pass event has probability &gt;= eps_EA.</param>
/// <param name="ErrorCorrection">eps_EC: collision probability of the verification hash (correctness).</param>
/// <param name="ErrorCorrectionSmoothing">eps'_EC: smoothing of the honest leak estimate (planning only; the engine passes the measured leak).</param>
/// <param name="PrivacyAmplification">eps_PA: leftover-hash distance from uniform.</param>
/// <param name="Completeness">eps_c: allowed probability that honest devices fail the CHSH test.</param>
public sealed record EatSecurityParameters(
    double Smoothing,
    double EntropyAccumulation,
    double ErrorCorrection,
    double ErrorCorrectionSmoothing,
    double PrivacyAmplification,
    double Completeness)
{
    /// <summary>The reference sheet's common settings (sheet 3.4): every eps 1e-5, eps_c = 1e-2.</summary>
    public static EatSecurityParameters ReferenceSheet { get; } = new(1e-5, 1e-5, 1e-5, 1e-5, 1e-5, 1e-2);

    /// <summary>
    /// Overall soundness, taken as the plain sum eps_EC + eps_PA + 2 eps_s + eps_EA. The papers combine these
    /// terms in slightly different ways (some fold eps_EA into the others); the sum is never smaller than
    /// any of those combinations.
    /// </summary>
    public double Soundness => ErrorCorrection + PrivacyAmplification + 2.0 * Smoothing + EntropyAccumulation;

    /// <summary>
    /// Splits a total soundness evenly over eps_EC, eps_PA, eps_EA and 2 eps_s (a fifth each), so that
    /// <see cref="Soundness"/> equals <paramref name="soundness"/>.
    /// </summary>
    public static EatSecurityParameters ForSoundness(double soundness, double completeness)
    {
        ThrowHelper.ThrowIfNotOpenUnit(soundness, nameof(soundness));
        ThrowHelper.ThrowIfNotOpenUnit(completeness, nameof(completeness));
        double share = soundness / 5.0;
        return new EatSecurityParameters(share, share, share, share, share, completeness);
    }

    /// <summary>Checks every eps is in (0, 1); on failure names the offending value.</summary>
    public bool TryValidate(out string? error)
    {
        foreach (var (name, value) in new[]
                 {
                     ("eps_s", Smoothing), ("eps_EA", EntropyAccumulation), ("eps_EC", ErrorCorrection),
                     ("eps'_EC", ErrorCorrectionSmoothing), ("eps_PA", PrivacyAmplification), ("eps_c", Completeness),
                 })
        {
            if (double.IsNaN(value) || value <= 0.0 || value >= 1.0)
            {
                error = FormattableString.Invariant($"{name} = {value} must lie strictly between 0 and 1.");
                return false;
            }
        }

        error = null;
        return true;
    }
}
