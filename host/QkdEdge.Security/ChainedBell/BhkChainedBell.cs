namespace QkdEdge.Security.ChainedBell;

/// <summary>
/// The chained-Bell statistic of Barrett, Hardy, Kent, "No signalling and quantum key distribution",
/// PRL 95, 010503 (2005), arXiv quant-ph/0405101 (reference sheet 5.1). Bases X_r at angle r pi/(2N) on a great
/// circle, r = 0..N-1 for each party; X_(r+N) is X_r with outcomes swapped. Statistic
/// t = (1/(3N)) sum_(c in {-1,0,1}) sum_(i=0..N-1) P(a != b | A = X_i, B = X_(i+c)); any local model gives
/// t &lt;= 1 - 2/(3N); singlets give t = 1 - (2/3) sin^2(pi/(2N)).
/// </summary>
public static class BhkChainedBell
{
    /// <summary>Local bound 1 - 2/(3N).</summary>
    public static double LocalBound(int bases)
    {
        ThrowIfTooFewBases(bases);
        return 1.0 - 2.0 / (3.0 * bases);
    }

    /// <summary>Singlet value (1 + 2 cos^2(pi/(2N)))/3: identical bases always anticorrelated, neighbours with cos^2(pi/(2N)).</summary>
    public static double QuantumValue(int bases)
    {
        ThrowIfTooFewBases(bases);
        double c = Math.Cos(Math.PI / (2.0 * bases));
        return (1.0 + 2.0 * c * c) / 3.0;
    }

    /// <summary>Large-N expansion 1 - pi^2/(6 N^2).</summary>
    public static double QuantumValueApproximation(int bases)
    {
        ThrowIfTooFewBases(bases);
        return 1.0 - Math.PI * Math.PI / (6.0 * bases * bases);
    }

    /// <summary>Singlet with visibility v: P(a != b | angle theta) = (1 + v cos 2 theta)/2, so t = (3 + v (1 + 2 cos(pi/N)))/6.</summary>
    public static double ValueWithVisibility(int bases, double visibility)
    {
        ThrowIfTooFewBases(bases);
        ThrowHelper.ThrowIfNotProbability(visibility, nameof(visibility));
        return (3.0 + visibility * (1.0 + 2.0 * Math.Cos(Math.PI / bases))) / 6.0;
    }

    /// <summary>
    /// t from anticorrelation probabilities: <paramref name="anticorrelation"/>[i][j] = P(a != b | A = X_i, B = X_j) for
    /// i, j in 0..N-1. Pairs with c = -1 at i = 0 (Bob's X_(-1)) and c = +1 at i = N-1 (X_N) use the swapped-outcome
    /// basis, so they contribute 1 - P(a != b) of the stored unswapped basis.
    /// </summary>
    public static double Statistic(double[][] anticorrelation)
    {
        ArgumentNullException.ThrowIfNull(anticorrelation);
        int n = anticorrelation.Length;
        ThrowIfTooFewBases(n);
        double sum = 0.0;
        for (int i = 0; i < n; i++)
        {
            if (anticorrelation[i] is null || anticorrelation[i].Length != n)
            {
                ThrowHelper.ThrowArgument(nameof(anticorrelation), "the table must be N x N.");
            }

            for (int c = -1; c <= 1; c++)
            {
                int j = i + c;
                if (j < 0)
                {
                    sum += 1.0 - anticorrelation[i][n - 1];
                }
                else if (j >= n)
                {
                    sum += 1.0 - anticorrelation[i][0];
                }
                else
                {
                    sum += anticorrelation[i][j];
                }
            }
        }

        return sum / (3.0 * n);
    }

    private static void ThrowIfTooFewBases(int bases)
    {
        if (bases < 2)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(bases), bases, "a number of bases N >= 2");
        }
    }
}
