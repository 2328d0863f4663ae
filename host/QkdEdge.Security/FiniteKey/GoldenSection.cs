namespace QkdEdge.Security.FiniteKey;

/// <summary>
/// One-dimensional maximisation for the free parameters of the bounds (p_t, alpha, the min-tradeoff shift,
/// gamma). Written here because it is a dozen lines and the objective is cheap and closed-form: a coarse
/// grid finds the right bracket (the original bound has steps from its ceiling), then golden-section
/// search refines inside it. Every candidate is a valid bound, so an imperfect search can only shorten a key.
/// </summary>
internal static class GoldenSection
{
    private static readonly double InvPhi = (Math.Sqrt(5.0) - 1.0) / 2.0;

    public static (double X, double Value) Maximise(Func<double, double> f, double lo, double hi, int gridPoints, int iterations)
    {
        if (!(hi > lo))
        {
            double v = f(lo);
            return (lo, v);
        }

        double bestX = lo, best = double.NegativeInfinity;
        int bestIndex = 0;
        double step = (hi - lo) / (gridPoints - 1);
        for (int i = 0; i < gridPoints; i++)
        {
            double x = lo + i * step;
            double v = f(x);
            if (v > best)
            {
                best = v;
                bestX = x;
                bestIndex = i;
            }
        }

        double a = Math.Max(lo, lo + (bestIndex - 1) * step);
        double b = Math.Min(hi, lo + (bestIndex + 1) * step);
        double c = b - InvPhi * (b - a), d = a + InvPhi * (b - a);
        double fc = f(c), fd = f(d);
        for (int i = 0; i < iterations; i++)
        {
            if (fc >= fd)
            {
                b = d;
                d = c;
                fd = fc;
                c = b - InvPhi * (b - a);
                fc = f(c);
            }
            else
            {
                a = c;
                c = d;
                fc = fd;
                d = a + InvPhi * (b - a);
                fd = f(d);
            }
        }

        if (fc > best)
        {
            best = fc;
            bestX = c;
        }

        if (fd > best)
        {
            best = fd;
            bestX = d;
        }

        return (bestX, best);
    }
}
