namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// The correction term of the box-plus in fixed point. For log-likelihood magnitudes a, b (in units of 1/scale
/// nat), |a ⊞ b| = min(a, b) + g(a + b) - g(|a - b|) with g(x) = ln(1 + e^-x); <see cref="Correction"/> holds
/// round(scale g(x / scale)) for x = 0 .. 15 and the decoder clamps larger arguments to 15, where the term is 0
/// for every scale up to <see cref="MaxScale"/>. g is decreasing, so the fixed-point result never exceeds min(a, b).
/// Sixteen entries are what one byte shuffle (PSHUFB) looks up, so a vector lookup is one instruction; 32 entries
/// took a compare, two shuffles and a blend, about a quarter of the box-plus kernel's instructions.
/// </summary>
internal static class BoxPlusTable
{
    public const int Entries = 16;

    /// <summary>
    /// Largest scale for which the term rounds to 0 from index 15 on (6 ln(1 + e^-2.5) = 0.47; at 7 it is 0.78).
    /// </summary>
    public const int MaxScale = 6;

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
