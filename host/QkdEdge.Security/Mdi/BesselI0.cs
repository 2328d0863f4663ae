namespace QkdEdge.Security.Mdi;

/// <summary>
/// Modified Bessel function I0 by its power series sum (x/2)^(2k)/(k!)^2. The .NET base library has no Bessel
/// functions; the arguments here are sqrt(eta_a mu_a eta_b mu_b) &lt;= a few, where the series converges fast.
/// </summary>
internal static class BesselI0
{
    public static double Of(double x)
    {
        double sum = 0.0, term = 1.0, quarter = x * x / 4.0;
        for (int k = 1; k < 500; k++)
        {
            sum += term;
            term *= quarter / ((double)k * k);
            if (term < 1e-18 * sum)
            {
                break;
            }
        }

        return sum + term;
    }
}
