namespace QkdEdge.Security.ChainedBell;

/// <summary>
/// The standard chained Bell inequality with m settings per party (Pearle 1970; Braunstein, Caves 1990;
/// reference sheet 5.2): I_m = sum_k E(A_k,B_k) + sum_(k&lt;m) E(B_k,A_(k+1)) - E(B_m,A_1); local I_m &lt;= 2m - 2,
/// quantum I_m &lt;= 2m cos(pi/(2m)). Probability form P_m = m - I_m/2 (local P_m &gt;= 1).
/// </summary>
public static class BraunsteinCaves
{
    public static double LocalBound(int settings) => 2.0 * Check(settings) - 2.0;

    public static double QuantumMaximum(int settings) => 2.0 * Check(settings) * Math.Cos(Math.PI / (2.0 * settings));

    /// <summary>P_m at the quantum maximum: 2m sin^2(pi/(4m)).</summary>
    public static double QuantumErrorSum(int settings)
    {
        double s = Math.Sin(Math.PI / (4.0 * Check(settings)));
        return 2.0 * settings * s * s;
    }

    /// <summary>Success probability of each of the 2m neighbour pairs at the quantum maximum: cos^2(pi/(4m)).</summary>
    public static double QuantumPairSuccess(int settings)
    {
        double c = Math.Cos(Math.PI / (4.0 * Check(settings)));
        return c * c;
    }

    private static int Check(int settings)
    {
        if (settings < 2)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(settings), settings, "a number of settings m >= 2");
        }

        return settings;
    }
}
