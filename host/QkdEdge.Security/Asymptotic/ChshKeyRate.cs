namespace QkdEdge.Security.Asymptotic;

/// <summary>
/// Asymptotic DI-QKD key rate of the CHSH protocol with one-way error correction from Alice to Bob, against
/// collective attacks (Pironio et al., NJP 11, 045021 (2009)): r = 1 - h(Q) - h((1 + sqrt((S/2)^2 - 1))/2).
/// Valid for binary outputs with symmetrised marginals and 2 &lt; S &lt;= 2 sqrt2; the bound is tight given only
/// S and Q. The rate counts key bits per key (sifted) round.
/// </summary>
public static class ChshKeyRate
{
    /// <summary>The raw value 1 - h(Q) - h(...), which is negative where no key can be extracted.</summary>
    public static double Raw(double chshValue, double errorRate)
    {
        ThrowHelper.ThrowIfNotProbability(errorRate, nameof(errorRate));
        return ChshEntropyBound.OfChsh(chshValue) - BinaryEntropy.Of(errorRate);
    }

    /// <summary>The protocol rate max(0, raw).</summary>
    public static double Rate(double chshValue, double errorRate) => Math.Max(0.0, Raw(chshValue, errorRate));

    /// <summary>Whether (S, Q) lies where the formula is meant to be used (2 &lt; S &lt;= 2 sqrt2, Q &lt;= 1/2).</summary>
    public static bool IsInValidityRange(double chshValue, double errorRate) =>
        chshValue > Chsh.LocalBound && chshValue <= Chsh.TsirelsonBound + 1e-12 && errorRate >= 0.0 && errorRate <= 0.5;

    /// <summary>Smallest S with a positive rate at error rate Q (bisection on the increasing entropy bound).</summary>
    public static double MinimumChshForPositiveRate(double errorRate)
    {
        ThrowHelper.ThrowIfNotProbability(errorRate, nameof(errorRate));
        double target = BinaryEntropy.Of(errorRate);
        if (ChshEntropyBound.OfChsh(Chsh.TsirelsonBound) <= target)
        {
            return double.NaN;
        }

        double lo = Chsh.LocalBound, hi = Chsh.TsirelsonBound;
        for (int i = 0; i < 200 && hi - lo > 1e-15; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (ChshEntropyBound.OfChsh(mid) > target)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        return hi;
    }

    /// <summary>Rate for a depolarised Phi+ of visibility v (S = 2 sqrt2 v, Q = (1 - v)/2).</summary>
    public static double RawForVisibility(double visibility) =>
        Raw(Chsh.ValueForVisibility(visibility), Chsh.ErrorRateForVisibility(visibility));
}
