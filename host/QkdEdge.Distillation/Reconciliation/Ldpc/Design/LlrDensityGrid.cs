namespace QkdEdge.Distillation.Reconciliation.Ldpc.Design;

/// <summary>
/// Probability densities of log-likelihood ratios on a uniform grid, and the two operations belief propagation
/// applies to independent messages: the check-node box-plus and the variable-node sum. This is discretised density
/// evolution (Richardson and Urbanke; Chung, Forney, Richardson and Urbanke 2001), written here because no .NET
/// library offers it. Densities are arrays of <see cref="Size"/> probabilities for the LLR values
/// -<see cref="Range"/> .. +<see cref="Range"/> in steps of <see cref="Step"/>; values beyond the range are clipped
/// to its ends, which can only make decoding look worse. Conditioned on the sent bit being 0, the mass below 0 is
/// the probability that a message points the wrong way.
/// </summary>
/// <remarks>
/// The default grid (0.125 nat steps, +-30 nats) reproduces published belief-propagation thresholds on the binary
/// symmetric channel to three digits: 0.0840 for the regular (3, 6) ensemble, 0.1668 for (3, 4), 0.0503 for the
/// rate-0.70 ensemble of Elkouss et al. (published 0.084, 0.167, 0.0504; <c>DensityEvolutionTests</c>).
/// </remarks>
public sealed unsafe class LlrDensityGrid
{
    // Masses below this are skipped in the pairwise loops; every result is renormalised, because the dropped mass,
    // however small, would otherwise compound geometrically over iterations.
    private const double Negligible = 1e-16;

    private readonly int[] _boxPlusIndex;

    public LlrDensityGrid(double step = 0.125, double range = 30)
    {
        if (!(step > 0) || !(range >= 4 * step))
        {
            throw new ArgumentOutOfRangeException(nameof(step), "The grid needs a positive step and a range of at least four steps.");
        }

        Step = step;
        HalfWidth = (int)Math.Round(range / step);
        Range = HalfWidth * step;
        _boxPlusIndex = new int[Size * Size];
        for (int i = 0; i < Size; i++)
        {
            for (int j = 0; j < Size; j++)
            {
                double a = (i - HalfWidth) * step;
                double b = (j - HalfWidth) * step;
                _boxPlusIndex[(i * Size) + j] = IndexOf(BoxPlus(a, b));
            }
        }
    }

    public double Step { get; }

    public double Range { get; }

    /// <summary>Grid points on each side of 0.</summary>
    public int HalfWidth { get; }

    public int Size => (2 * HalfWidth) + 1;

    /// <summary>
    /// The channel LLR of a binary symmetric channel with crossover <paramref name="errorRate"/>, given bit 0: ln((1-p)/p)
    /// with probability 1 - p and its negative with probability p. A value between grid points is split between its
    /// two neighbours so that the mean is kept.
    /// </summary>
    public double[] BinarySymmetric(double errorRate)
    {
        if (!(errorRate > 0 && errorRate < 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(errorRate), errorRate, "An error rate in (0, 0.5) is required.");
        }

        var density = new double[Size];
        double x = Math.Log((1 - errorRate) / errorRate) / Step;
        int below = (int)Math.Floor(x);
        double upper = x - below;
        Add(density, below, (1 - errorRate) * (1 - upper));
        Add(density, below + 1, (1 - errorRate) * upper);
        Add(density, -below, errorRate * (1 - upper));
        Add(density, -below - 1, errorRate * upper);
        return density;
    }

    /// <summary>A bit both sides know (shortened or revealed): certain, at the grid's end.</summary>
    public double[] Known()
    {
        var density = new double[Size];
        density[^1] = 1;
        return density;
    }

    /// <summary>A bit the decoder knows nothing about (punctured): LLR 0.</summary>
    public double[] Erased()
    {
        var density = new double[Size];
        density[HalfWidth] = 1;
        return density;
    }

    /// <summary>Probability that a message has the wrong sign (ties count half).</summary>
    public double ErrorProbability(ReadOnlySpan<double> density)
    {
        double sum = 0;
        for (int i = 0; i < HalfWidth; i++)
        {
            sum += density[i];
        }

        return sum + (0.5 * density[HalfWidth]);
    }

    /// <summary>Density of a ⊞ b for independent a ~ <paramref name="p"/> and b ~ <paramref name="q"/>.</summary>
    public double[] BoxPlus(double[] p, double[] q)
    {
        var result = new double[Size];
        var (pFirst, pLast) = Support(p);
        var (qFirst, qLast) = Support(q);
        fixed (double* r = result)
        fixed (double* qp = q)
        fixed (int* index = _boxPlusIndex)
        {
            for (int i = pFirst; i <= pLast; i++)
            {
                double mass = p[i];
                if (mass < Negligible)
                {
                    continue;
                }

                int* row = index + (i * Size);
                for (int j = qFirst; j <= qLast; j++)
                {
                    r[row[j]] += mass * qp[j];
                }
            }
        }

        return Normalised(result);
    }

    /// <summary>Density of the box-plus of <paramref name="count"/> independent messages of density <paramref name="p"/>.</summary>
    public double[] BoxPlusPower(double[] p, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        double[]? result = null;
        var square = p;
        while (count > 0)
        {
            if ((count & 1) != 0)
            {
                result = result is null ? square : BoxPlus(result, square);
            }

            count >>= 1;
            if (count > 0)
            {
                square = BoxPlus(square, square);
            }
        }

        return result!;
    }

    /// <summary>
    /// The box-plus powers of <paramref name="p"/> for every count from <paramref name="from"/> to <paramref name="to"/>
    /// (a check of degree d sends the box-plus of its other d - 1 inputs): the first by squaring, each next one by
    /// one more operation.
    /// </summary>
    public Dictionary<int, double[]> BoxPlusPowers(double[] p, int from, int to)
    {
        from = Math.Max(from, 1);
        var powers = new Dictionary<int, double[]> { [from] = BoxPlusPower(p, from) };
        for (int k = from + 1; k <= to; k++)
        {
            powers[k] = BoxPlus(powers[k - 1], p);
        }

        return powers;
    }

    /// <summary>
    /// What bits send their checks: a bit of degree d adds its channel value to its other d - 1 incoming messages;
    /// mixed over the bits' degrees by their edge fractions.
    /// </summary>
    public double[] BitMessages(double[] channel, double[] incoming, IReadOnlyList<(int Degree, double EdgeFraction)> bits)
    {
        var result = new double[Size];
        int maxDegree = bits.Max(x => x.Degree);
        var sum = channel;
        for (int d = 1; d <= maxDegree; d++)
        {
            foreach (var (degree, fraction) in bits)
            {
                if (degree == d)
                {
                    AddScaled(result, sum, fraction);
                }
            }

            if (d < maxDegree)
            {
                sum = Sum(sum, incoming);
            }
        }

        return Normalised(result);
    }

    /// <summary>Density of a + b (a variable node's sum), clipped to the grid.</summary>
    public double[] Sum(double[] p, double[] q)
    {
        var result = new double[Size];
        var (pFirst, pLast) = Support(p);
        var (qFirst, qLast) = Support(q);
        fixed (double* r = result)
        fixed (double* qp = q)
        {
            for (int i = pFirst; i <= pLast; i++)
            {
                double mass = p[i];
                if (mass < Negligible)
                {
                    continue;
                }

                int offset = i - HalfWidth;
                int first = Math.Max(qFirst, -offset);
                int last = Math.Min(qLast, Size - 1 - offset);
                double below = 0;
                double above = 0;
                for (int j = qFirst; j < first; j++)
                {
                    below += qp[j];
                }

                for (int j = last + 1; j <= qLast; j++)
                {
                    above += qp[j];
                }

                r[0] += mass * below;
                r[Size - 1] += mass * above;
                for (int j = first; j <= last; j++)
                {
                    r[j + offset] += mass * qp[j];
                }
            }
        }

        return Normalised(result);
    }

    /// <summary>The mixture sum_k weight_k density_k (weights summing to 1).</summary>
    public double[] Mixture(params (double Weight, double[] Density)[] parts)
    {
        var result = new double[Size];
        foreach (var (weight, density) in parts)
        {
            AddScaled(result, density, weight);
        }

        return Normalised(result);
    }

    internal static void AddScaled(double[] into, double[] density, double weight)
    {
        if (weight == 0)
        {
            return;
        }

        for (int i = 0; i < into.Length; i++)
        {
            into[i] += weight * density[i];
        }
    }

    internal static double[] Normalised(double[] density)
    {
        double sum = 0;
        foreach (double x in density)
        {
            sum += x;
        }

        if (sum > 0)
        {
            for (int i = 0; i < density.Length; i++)
            {
                density[i] /= sum;
            }
        }

        return density;
    }

    // Exact pairwise check rule: sign(a) sign(b) (min(|a|, |b|) + ln(1 + e^-(|a|+|b|)) - ln(1 + e^-||a|-|b||)).
    private static double BoxPlus(double a, double b)
    {
        double x = Math.Abs(a);
        double y = Math.Abs(b);
        double magnitude = Math.Min(x, y) + Math.Log(1 + Math.Exp(-(x + y))) - Math.Log(1 + Math.Exp(-Math.Abs(x - y)));
        return Math.Sign(a) * Math.Sign(b) * Math.Max(magnitude, 0);
    }

    private int IndexOf(double llr) => Math.Clamp((int)Math.Round(llr / Step), -HalfWidth, HalfWidth) + HalfWidth;

    private void Add(double[] density, int point, double mass) => density[Math.Clamp(point, -HalfWidth, HalfWidth) + HalfWidth] += mass;

    private static (int First, int Last) Support(double[] density)
    {
        int first = 0;
        int last = density.Length - 1;
        while (first < last && density[first] < Negligible)
        {
            first++;
        }

        while (last > first && density[last] < Negligible)
        {
            last--;
        }

        return (first, last);
    }
}
