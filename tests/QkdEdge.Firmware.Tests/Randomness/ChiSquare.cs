namespace QkdEdge.Firmware.Tests.Randomness;

/// <summary>
/// Upper tail of the chi-square distribution for even degrees of freedom, in closed form:
/// P(X &gt; x) = exp(-x/2) * sum_{i &lt; df/2} (x/2)^i / i!. Used to derive test bounds from a chosen
/// false-failure probability instead of picking them.
/// </summary>
internal static class ChiSquare
{
    public static double Statistic(long[] observed, double expectedEach)
    {
        double sum = 0;
        foreach (long o in observed)
            sum += (o - expectedEach) * (o - expectedEach) / expectedEach;
        return sum;
    }

    public static double UpperTail(double x, int evenDegreesOfFreedom)
    {
        if (evenDegreesOfFreedom <= 0 || evenDegreesOfFreedom % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(evenDegreesOfFreedom));
        double half = x / 2;
        double term = 1;
        double sum = 1;
        for (int i = 1; i < evenDegreesOfFreedom / 2; i++)
        {
            term *= half / i;
            sum += term;
        }

        return Math.Exp(-half) * sum;
    }

    /// <summary>The x with P(X &gt; x) = <paramref name="probability"/>, by bisection.</summary>
    public static double CriticalValue(double probability, int evenDegreesOfFreedom)
    {
        double low = 0, high = 10_000;
        for (int i = 0; i < 200; i++)
        {
            double mid = (low + high) / 2;
            if (UpperTail(mid, evenDegreesOfFreedom) > probability)
                low = mid;
            else
                high = mid;
        }

        return high;
    }
}
