namespace QkdEdge.Security.Mdi;

/// <summary>Overall gains and error rates of a pulse pair (intensities mu_a, mu_b) in the two bases.</summary>
public readonly record struct MdiGains(double GainZ, double ErrorZ, double GainX, double ErrorX);

/// <summary>
/// The simulation model of MDI-QKD with weak coherent pulses, symmetric Bell-state measurement and four
/// threshold detectors (Ma, Razavi, PRA 86, 062319 (2012); Xu, Curty, Qi, Lo, NJP 15, 113007 (2013);
/// reference sheet 7.2, whose self-checks are reproduced by the tests).
/// </summary>
public static class MdiModel
{
    private const double E0 = 0.5;

    /// <summary>Gains Q_Z, Q_X and error rates E_Z, E_X for intensities (mu_a, mu_b) over arm transmittances (eta_a, eta_b).</summary>
    public static MdiGains Gains(double etaA, double etaB, double muA, double muB, double darkCount, double misalignment)
    {
        double pd = darkCount, ed = misalignment;
        double muPrime = etaA * muA + etaB * muB;
        double x = Math.Sqrt(etaA * muA * etaB * muB) / 2.0;
        double y = (1.0 - pd) * Math.Exp(-muPrime / 4.0);
        double qc = 2.0 * (1 - pd) * (1 - pd) * Math.Exp(-muPrime / 2.0)
                    * (1.0 - (1 - pd) * Math.Exp(-etaA * muA / 2.0)) * (1.0 - (1 - pd) * Math.Exp(-etaB * muB / 2.0));
        double qe = 2.0 * pd * (1 - pd) * (1 - pd) * Math.Exp(-muPrime / 2.0) * (BesselI0.Of(2.0 * x) - (1 - pd) * Math.Exp(-muPrime / 2.0));
        double qz = qc + qe;
        double ez = qz > 0 ? (ed * qc + (1 - ed) * qe) / qz : 0.0;
        double qx = 2.0 * y * y * (1.0 + 2.0 * y * y - 4.0 * y * BesselI0.Of(x) + BesselI0.Of(2.0 * x));
        double ex = qx > 0 ? (E0 * qx - 2.0 * (E0 - ed) * y * y * (BesselI0.Of(2.0 * x) - 1.0)) / qx : 0.0;
        return new MdiGains(qz, ez, qx, ex);
    }

    /// <summary>Single-photon-pair yield Y11 and phase error e11 of the model.</summary>
    public static (double Yield, double PhaseError) SinglePhotonPair(double etaA, double etaB, double darkCount, double misalignment)
    {
        double pd = darkCount;
        double y = (1 - pd) * (1 - pd) * (etaA * etaB / 2.0 + (2 * etaA + 2 * etaB - 3 * etaA * etaB) * pd + 4 * (1 - etaA) * (1 - etaB) * pd * pd);
        double e = (E0 * y - (E0 - misalignment) * (1 - pd) * (1 - pd) * etaA * etaB / 2.0) / y;
        return (y, e);
    }
}
