namespace QkdEdge.Security;

/// <summary>
/// Relations of the CHSH game (reference sheet, section 0): correlators E_xy = P(a=b) - P(a!=b),
/// S = E00 + E01 + E10 - E11, win iff a XOR b = x AND y with uniform x, y, so S = 8w - 4.
/// </summary>
public static class Chsh
{
    /// <summary>Local (classical) bound on S.</summary>
    public const double LocalBound = 2.0;

    /// <summary>Tsirelson bound 2 sqrt 2 on S.</summary>
    public static readonly double TsirelsonBound = 2.0 * Math.Sqrt(2.0);

    /// <summary>Classical winning probability 3/4.</summary>
    public const double LocalWinProbability = 0.75;

    /// <summary>Quantum maximum cos^2(pi/8) = (2 + sqrt 2)/4.</summary>
    public static readonly double MaxWinProbability = (2.0 + Math.Sqrt(2.0)) / 4.0;

    /// <summary>Quantum minimum (2 - sqrt 2)/4: the smallest win probability any quantum strategy can have.</summary>
    public static readonly double MinWinProbability = (2.0 - Math.Sqrt(2.0)) / 4.0;

    /// <summary>w = 1/2 + S/8.</summary>
    public static double WinProbability(double chshValue) => 0.5 + chshValue / 8.0;

    /// <summary>S = 8w - 4.</summary>
    public static double Value(double winProbability) => 8.0 * winProbability - 4.0;

    /// <summary>Depolarised Phi+ with visibility v and the optimal settings: S = 2 sqrt2 v.</summary>
    public static double ValueForVisibility(double visibility) => TsirelsonBound * visibility;

    /// <summary>Depolarised Phi+ with visibility v, key setting Z on both sides: Q = (1 - v)/2.</summary>
    public static double ErrorRateForVisibility(double visibility) => (1.0 - visibility) / 2.0;
}
