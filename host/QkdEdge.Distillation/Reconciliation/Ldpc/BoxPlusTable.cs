namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// The correction term of the box-plus in fixed point. For log-likelihood magnitudes a, b (in units of 1/scale
/// nat), |a ⊞ b| = min(a, b) + g(a + b) - g(|a - b|) with g(x) = ln(1 + e^-x); <see cref="Correction"/> holds
/// round(scale g(x / scale)) for x = 0 .. 31 and the decoder clamps larger arguments to 31, where the term is 0
/// for every scale up to <see cref="MaxScale"/>. g is decreasing, so the fixed-point result never exceeds min(a, b).
/// </summary>
internal static class BoxPlusTable
{
    public const int Entries = 32;

    /// <summary>Largest scale for which the term is 0 from index 31 on (8 ln 16 = 22.2 &lt; 31).</summary>
    public const int MaxScale = 8;

    public static byte[] Correction(int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, MaxScale);
        var table = new byte[Entries];
        for (int x = 0; x < Entries; x++)
        {
            table[x] = (byte)Math.Round(scale * Math.Log(1 + Math.Exp(-(double)x / scale)), MidpointRounding.AwayFromZero);
        }

        return table;
    }
}
