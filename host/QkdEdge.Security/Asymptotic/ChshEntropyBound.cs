namespace QkdEdge.Security.Asymptotic;

/// <summary>
/// The single-round bound on Eve's uncertainty about Alice's key bit from the CHSH value, against collective
/// attacks: H(A|E) &gt;= 1 - h((1 + sqrt((S/2)^2 - 1))/2) for 2 &lt; S &lt;= 2 sqrt2 (Acin et al., PRL 98, 230501
/// (2007); Pironio et al., NJP 11, 045021 (2009), the bound for binary outputs after symmetrisation).
/// The same function of the win probability, g(w) = 1 - h(1/2 + sqrt(16 w (w-1) + 3)/2), is the
/// single-round rate that the entropy accumulation theorem accumulates (reference sheet 1 and 3.2).
/// </summary>
public static class ChshEntropyBound
{
    /// <summary>H(A|E) bound as a function of S; 0 for S &lt;= 2, S above Tsirelson clamped to 2 sqrt2.</summary>
    public static double OfChsh(double chshValue)
    {
        if (double.IsNaN(chshValue))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(chshValue), chshValue, "a number");
        }

        return OfWinProbability(Chsh.WinProbability(chshValue));
    }

    /// <summary>g(w): 0 for w &lt;= 3/4, w above cos^2(pi/8) clamped.</summary>
    public static double OfWinProbability(double w)
    {
        if (double.IsNaN(w))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(w), w, "a number");
        }

        if (w <= Chsh.LocalWinProbability)
        {
            return 0.0;
        }

        w = Math.Min(w, Chsh.MaxWinProbability);
        double s = Math.Sqrt(Math.Max(16.0 * w * (w - 1.0) + 3.0, 0.0));
        return 1.0 - BinaryEntropy.Of(Math.Min(1.0, 0.5 + 0.5 * s));
    }

    /// <summary>
    /// g'(w) = ((8w - 4)/s) log2((1 + s)/(1 - s)), s = sqrt(16 w (w-1) + 3), for 3/4 &lt; w &lt; cos^2(pi/8)
    /// (derived here by the chain rule from h'(x) = log2((1-x)/x)). It diverges at cos^2(pi/8) where s -&gt; 1.
    /// </summary>
    public static double Derivative(double w)
    {
        if (!(w > Chsh.LocalWinProbability && w < Chsh.MaxWinProbability))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(w), w, "strictly between 3/4 and cos^2(pi/8)");
        }

        double s = Math.Sqrt(16.0 * w * (w - 1.0) + 3.0);
        return (8.0 * w - 4.0) / s * Math.Log2((1.0 + s) / (1.0 - s));
    }
}
