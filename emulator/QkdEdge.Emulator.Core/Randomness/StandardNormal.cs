namespace QkdEdge.Emulator.Randomness;

/// <summary>
/// Standard normal samples by the ziggurat method in Doornik's formulation ("An improved ziggurat
/// method to generate normal random samples", 2005: ZIGNOR, 128 layers, R = 3.442619855899,
/// V = 9.91256303526217e-3). About 99% of samples cost one 64-bit draw, a table lookup and a multiply;
/// the rest fall back to exact wedge and tail sampling, so the distribution is exact.
/// </summary>
/// <remarks>
/// Written here because the timing model needs normals at tens of millions per second as a pure
/// function of (seed, pulse): Box-Muller costs a logarithm and a sine/cosine per pair, and .NET has no
/// public normal sampler over a caller-supplied generator.
/// </remarks>
public static class StandardNormal
{
    private const int Layers = 128;
    private const double TailStart = 3.442619855899;
    private const double LayerArea = 9.91256303526217e-3;

    // X[i] is the right edge of layer i (X[0] the virtual width of the base layer, X[Layers] = 0);
    // Ratio[i] = X[i+1] / X[i] is the part of layer i that lies wholly under the density.
    private static readonly double[] X = BuildEdges();
    private static readonly double[] Ratio = BuildRatios(X);

    /// <summary>One standard normal sample, drawing from <paramref name="stream"/> as many times as needed.</summary>
    public static double Sample(ref SplitMix64 stream)
    {
        while (true)
        {
            ulong draw = stream.NextUInt64();
            double u = 2 * ((draw >> 11) * (1.0 / (1UL << 53))) - 1; // top 53 bits: u in [-1, 1)
            int layer = (int)(draw & (Layers - 1));                  // low 7 bits: the layer
            if (Math.Abs(u) < Ratio[layer])
                return u * X[layer];
            if (layer == 0)
                return Tail(ref stream, u < 0);

            double x = u * X[layer];
            double f0 = Math.Exp(-0.5 * (X[layer] * X[layer] - x * x));
            double f1 = Math.Exp(-0.5 * (X[layer + 1] * X[layer + 1] - x * x));
            if (f1 + UnitOpen(ref stream) * (f0 - f1) < 1.0)
                return x;
        }
    }

    /// <summary>Marsaglia's exact tail sampler for |x| beyond the base layer's edge.</summary>
    private static double Tail(ref SplitMix64 stream, bool negative)
    {
        double x, y;
        do
        {
            x = Math.Log(UnitOpen(ref stream)) / TailStart;
            y = Math.Log(UnitOpen(ref stream));
        }
        while (-2 * y < x * x);
        return negative ? x - TailStart : TailStart - x;
    }

    /// <summary>Uniform in (0, 1], safe for logarithms.</summary>
    private static double UnitOpen(ref SplitMix64 stream) => ((stream.NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    private static double[] BuildEdges()
    {
        var x = new double[Layers + 1];
        double f = Math.Exp(-0.5 * TailStart * TailStart);
        x[0] = LayerArea / f;
        x[1] = TailStart;
        x[Layers] = 0;
        for (int i = 2; i < Layers; i++)
        {
            x[i] = Math.Sqrt(-2 * Math.Log(LayerArea / x[i - 1] + f));
            f = Math.Exp(-0.5 * x[i] * x[i]);
        }
        return x;
    }

    private static double[] BuildRatios(double[] x)
    {
        var ratio = new double[Layers];
        for (int i = 0; i < Layers; i++)
            ratio[i] = x[i + 1] / x[i];
        return ratio;
    }
}
