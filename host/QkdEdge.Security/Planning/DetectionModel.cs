namespace QkdEdge.Security.Planning;

/// <summary>
/// Born-rule statistics of the CHSH protocol for rho = v |Phi+&gt;&lt;Phi+| + (1 - v) I/4 measured with imperfect
/// detectors whose no-click is binned to outcome +1.
/// </summary>
/// <remarks>
/// <para>Measurements are +-1 observables cos(theta) Z + sin(theta) X with projectors Pi_+- . Each station has two
/// detectors with efficiency t and dark-count probability p_d per round:</para>
/// <list type="bullet">
/// <item>the photon is detected (t) and the other detector stays dark (1 - p_d): the Born outcome is reported;</item>
/// <item>no detector clicks ((1 - t)(1 - p_d)^2): the outcome is binned to +1;</item>
/// <item>otherwise (a dark count alone or a double click): a uniformly random outcome is reported.</item>
/// </list>
/// <para>So each station's POVM element is M_+- = c Pi_+- + (r/2) I + d [+-=+] I with c = t (1 - p_d),
/// d = (1 - t)(1 - p_d)^2, r = 1 - c - d, and P(a, b | x, y) = Tr[rho (M_a^x (x) M_b^y)].
/// Settings are the ideal ones: A0 = Z, A1 = X, B0 = (Z + X)/sqrt2, B1 = (Z - X)/sqrt2, key B2 = Z. Because the
/// marginals of rho are maximally mixed this gives S = 2 sqrt2 v c_A c_B + 2 d_A d_B and
/// Q = (1 - v c_A c_B - d_A d_B)/2, which the tests check against the matrix computation.</para>
/// </remarks>
public static class DetectionModel
{
    /// <summary>Alice's settings x = 0, 1 as angles in the Z-X plane.</summary>
    public static readonly double[] AliceAngles = [0.0, Math.PI / 2.0];

    /// <summary>Bob's settings y = 0, 1 (CHSH) and 2 (key).</summary>
    public static readonly double[] BobAngles = [Math.PI / 4.0, -Math.PI / 4.0, 0.0];

    /// <summary>P(a, b | x, y) with a, b in {0 (+1), 1 (-1)} for per-station efficiencies tA, tB.</summary>
    public static double Probability(int a, int b, double aliceAngle, double bobAngle, double visibility, double tA, double tB, double darkCount)
    {
        double[,] rho = State(visibility);
        double[,] ma = Povm(a, aliceAngle, tA, darkCount);
        double[,] mb = Povm(b, bobAngle, tB, darkCount);
        double p = 0.0;
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                // Tr[rho (ma (x) mb)] = sum_ij rho_ij (ma (x) mb)_ji, with (ma (x) mb)_(2i1+i2, 2j1+j2) = ma_(i1 j1) mb_(i2 j2).
                p += rho[i, j] * ma[j / 2, i / 2] * mb[j % 2, i % 2];
            }
        }

        return p;
    }

    /// <summary>Correlator E = P(a = b) - P(a != b).</summary>
    public static double Correlator(double aliceAngle, double bobAngle, double visibility, double tA, double tB, double darkCount)
    {
        double e = 0.0;
        for (int a = 0; a < 2; a++)
        {
            for (int b = 0; b < 2; b++)
            {
                e += (a == b ? 1.0 : -1.0) * Probability(a, b, aliceAngle, bobAngle, visibility, tA, tB, darkCount);
            }
        }

        return e;
    }

    /// <summary>S = E00 + E01 + E10 - E11.</summary>
    public static double ChshValue(double visibility, double tA, double tB, double darkCount) =>
        Correlator(AliceAngles[0], BobAngles[0], visibility, tA, tB, darkCount)
        + Correlator(AliceAngles[0], BobAngles[1], visibility, tA, tB, darkCount)
        + Correlator(AliceAngles[1], BobAngles[0], visibility, tA, tB, darkCount)
        - Correlator(AliceAngles[1], BobAngles[1], visibility, tA, tB, darkCount);

    /// <summary>Q = P(a != b | x = 0, y = 2).</summary>
    public static double ErrorRate(double visibility, double tA, double tB, double darkCount) =>
        (1.0 - Correlator(AliceAngles[0], BobAngles[2], visibility, tA, tB, darkCount)) / 2.0;

    private static double[,] State(double v)
    {
        // Phi+ = (|00> + |11>)/sqrt2 in the basis 00, 01, 10, 11.
        var rho = new double[4, 4];
        for (int i = 0; i < 4; i++)
        {
            rho[i, i] = (1.0 - v) / 4.0;
        }

        rho[0, 0] += v / 2.0;
        rho[3, 3] += v / 2.0;
        rho[0, 3] += v / 2.0;
        rho[3, 0] += v / 2.0;
        return rho;
    }

    private static double[,] Povm(int outcome, double angle, double t, double darkCount)
    {
        double c = t * (1.0 - darkCount);
        double d = (1.0 - t) * (1.0 - darkCount) * (1.0 - darkCount);
        double r = 1.0 - c - d;
        double sign = outcome == 0 ? 1.0 : -1.0;
        double cos = Math.Cos(angle), sin = Math.Sin(angle);

        // Pi = (I + sign (cos Z + sin X))/2 in the basis 0, 1.
        double[,] m =
        {
            { c * (1.0 + sign * cos) / 2.0, c * sign * sin / 2.0 },
            { c * sign * sin / 2.0, c * (1.0 - sign * cos) / 2.0 },
        };
        double diagonal = r / 2.0 + (outcome == 0 ? d : 0.0);
        m[0, 0] += diagonal;
        m[1, 1] += diagonal;
        return m;
    }
}
