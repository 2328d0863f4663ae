namespace QkdEdge.Security.Asymptotic;

/// <summary>
/// Noisy preprocessing (Alice flips each key bit with probability q) for the CHSH protocol, as restated for
/// the asymmetric-CHSH family at alpha = 1 (Ho, Sekatski, Tan, Renner, Bancal, Sangouard, PRL 124, 230502
/// (2020), arXiv 2005.13015; reference sheet 1.3):
/// H(A'|E) &gt;= 1 - phi(sqrt(S^2/4 - 1)) + phi(sqrt((1-2q)^2 + 4q(1-q)(S^2/4 - 1))), phi(x) = h(1/2 + x/2);
/// H(A'|B) = h(q + Q - 2qQ).
/// </summary>
public static class NoisyPreprocessing
{
    /// <summary>The rate H(A'|E) - H(A'|B); negative where no key can be extracted.</summary>
    public static double Raw(double chshValue, double errorRate, double flipProbability)
    {
        ThrowHelper.ThrowIfNotProbability(errorRate, nameof(errorRate));
        if (double.IsNaN(flipProbability) || flipProbability < 0.0 || flipProbability > 0.5)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(flipProbability), flipProbability, "a flip probability in [0, 1/2]");
        }

        double s = Math.Clamp(chshValue, Chsh.LocalBound, Chsh.TsirelsonBound);
        double x = s * s / 4.0 - 1.0;
        double q = flipProbability;
        double hae = 1.0 - Phi(Math.Sqrt(x)) + Phi(Math.Sqrt((1 - 2 * q) * (1 - 2 * q) + 4 * q * (1 - q) * x));
        return hae - BinaryEntropy.Of(q + errorRate - 2 * q * errorRate);
    }

    private static double Phi(double x) => BinaryEntropy.Of(Math.Min(1.0, 0.5 + 0.5 * x));
}
