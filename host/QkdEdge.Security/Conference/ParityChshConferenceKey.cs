using QkdEdge.Security.Asymptotic;

namespace QkdEdge.Security.Conference;

/// <summary>
/// N-party device-independent conference key agreement with the Parity-CHSH inequality of Ribeiro, Murta,
/// Wehner (arXiv 1708.00798 v1; PRA 97, 022307 (2018)), reference sheet 6.1-6.2. beta = &lt;A0 B0&gt; + &lt;A0 B1&gt;
/// + &lt;A1 B0 Bbar&gt; - &lt;A1 B1 Bbar&gt; with Bbar the parity of Bob_2..Bob_(N-1); local beta &lt;= 2, quantum &lt;= 2 sqrt2.
/// Asymptotic rate r = 1 - h((1 + sqrt((beta/2)^2 - 1))/2) - max_i h(Q_(A B_i)): the CHSH bound applied to
/// Alice and the parity-Bob.
/// </summary>
public static class ParityChshConferenceKey
{
    /// <summary>The raw conference-key rate (negative where no key).</summary>
    public static double Raw(double parityChsh, double maxPairErrorRate) => ChshKeyRate.Raw(parityChsh, maxPairErrorRate);

    /// <summary>Win probability of the Parity-CHSH game: 1/2 + beta/8.</summary>
    public static double WinProbability(double parityChsh) => 0.5 + parityChsh / 8.0;

    /// <summary>GHZ_N with global white noise of visibility v: beta = 2 sqrt2 v, Q = (1 - v)/2, for every N.</summary>
    public static (double ParityChsh, double ErrorRate) GlobalWhiteNoise(double visibility)
    {
        ThrowHelper.ThrowIfNotProbability(visibility, nameof(visibility));
        return (Chsh.TsirelsonBound * visibility, (1.0 - visibility) / 2.0);
    }

    /// <summary>Independent depolarisation p on each of N qubits: beta = sqrt2 ((1-p)^2 + (1-p)^N), Q = (1 - (1-p)^2)/2.</summary>
    public static (double ParityChsh, double ErrorRate) LocalDepolarisation(double p, int parties)
    {
        ThrowHelper.ThrowIfNotProbability(p, nameof(p));
        if (parties < 2)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(parties), parties, "a number of parties N >= 2");
        }

        double keep = 1.0 - p;
        return (Math.Sqrt(2.0) * (keep * keep + Math.Pow(keep, parties)), (1.0 - keep * keep) / 2.0);
    }

    /// <summary>
    /// The bipartite alternative: N - 1 separate CHSH links with S = 2 sqrt2 (1-p)^2 and the same Q; the conference key
    /// rate per round is r_pair / (N - 1).
    /// </summary>
    public static double PairwiseRatePerLink(double p)
    {
        var (_, q) = LocalDepolarisation(p, 2);
        double keep = 1.0 - p;
        return ChshKeyRate.Raw(Chsh.TsirelsonBound * keep * keep, q);
    }
}
