namespace QkdEdge.Security.Mdi;

/// <summary>
/// Asymptotic decoy-state MDI-QKD key rate per pulse pair (Lo, Curty, Qi, PRL 108, 130503 (2012); reference
/// sheet 7.1): R = Q11_Z [1 - h(e11_X)] - Q_Z f h(E_Z), Q11_Z = mu^2 e^(-2 mu) Y11_Z (symmetric intensities).
/// Y11 and e11 either exact (infinite decoys) or bounded with a vacuum and one weak decoy nu (sheet 7.3:
/// Y11^L = [mu^3 G(nu) - nu^3 G(mu)] / [mu^2 nu^2 (mu - nu)], e11^U = G_EX(nu) / (nu^2 Y11^(L,X)),
/// G(k) = e^(2k) Q(k,k) - e^k Q(k,0) - e^k Q(0,k) + Q(0,0); both follow by dropping non-negative terms).
/// </summary>
public static class MdiKeyRate
{
    /// <summary>Rate with exact Y11, e11 (the infinite-decoy limit) at signal intensity mu.</summary>
    public static double InfiniteDecoys(MdiLink link, double mu)
    {
        ArgumentNullException.ThrowIfNull(link);
        double e = link.ArmTransmittance;
        var g = MdiModel.Gains(e, e, mu, mu, link.DarkCountProbability, link.Misalignment);
        var (y11, e11) = MdiModel.SinglePhotonPair(e, e, link.DarkCountProbability, link.Misalignment);
        return mu * mu * Math.Exp(-2 * mu) * y11 * (1 - BinaryEntropy.Of(Math.Clamp(e11, 0, 1)))
               - g.GainZ * link.ReconciliationEfficiency * BinaryEntropy.Of(g.ErrorZ);
    }

    /// <summary>Rate with the vacuum + weak-decoy bounds at signal mu and decoy nu (0 &lt; nu &lt; mu).</summary>
    public static double VacuumPlusWeakDecoy(MdiLink link, double mu, double nu)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (!(nu > 0 && nu < mu))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(nu), nu, "a decoy intensity with 0 < nu < mu");
        }

        var (yz, e11) = DecoyBounds(link, mu, nu);
        double e = link.ArmTransmittance;
        var g = MdiModel.Gains(e, e, mu, mu, link.DarkCountProbability, link.Misalignment);
        return mu * mu * Math.Exp(-2 * mu) * Math.Max(yz, 0.0) * (1 - BinaryEntropy.Of(e11))
               - g.GainZ * link.ReconciliationEfficiency * BinaryEntropy.Of(g.ErrorZ);
    }

    /// <summary>Y11^L (Z basis) and e11^U (X basis, capped at 1/2) from the vacuum + weak-decoy bounds.</summary>
    public static (double YieldLower, double PhaseErrorUpper) DecoyBounds(MdiLink link, double mu, double nu)
    {
        ArgumentNullException.ThrowIfNull(link);
        double e = link.ArmTransmittance, pd = link.DarkCountProbability, ed = link.Misalignment;
        double Qz(double a, double b) => MdiModel.Gains(e, e, a, b, pd, ed).GainZ;
        double Qx(double a, double b) => MdiModel.Gains(e, e, a, b, pd, ed).GainX;
        double EQx(double a, double b)
        {
            var g = MdiModel.Gains(e, e, a, b, pd, ed);
            return g.GainX * g.ErrorX;
        }

        double G(double k, Func<double, double, double> q) =>
            Math.Exp(2 * k) * q(k, k) - Math.Exp(k) * q(k, 0) - Math.Exp(k) * q(0, k) + q(0, 0);

        double denominator = mu * mu * nu * nu * (mu - nu);
        double yz = (mu * mu * mu * G(nu, Qz) - nu * nu * nu * G(mu, Qz)) / denominator;
        double yx = (mu * mu * mu * G(nu, Qx) - nu * nu * nu * G(mu, Qx)) / denominator;
        double e11 = Math.Min(G(nu, EQx) / (nu * nu * yx), 0.5);
        return (yz, e11);
    }

    /// <summary>Best rate over mu on a 0.005 grid (the sheet's procedure), with or without the decoy bounds.</summary>
    public static (double Mu, double Rate) Optimised(MdiLink link, double? decoyIntensity = null)
    {
        ArgumentNullException.ThrowIfNull(link);
        double bestMu = 0, best = double.NegativeInfinity;
        for (int i = 1; i <= 300; i++)
        {
            double mu = 0.005 * i;
            if (decoyIntensity is { } nu && mu <= nu)
            {
                continue;
            }

            double r = decoyIntensity is { } d ? VacuumPlusWeakDecoy(link, mu, d) : InfiniteDecoys(link, mu);
            if (r > best)
            {
                best = r;
                bestMu = mu;
            }
        }

        return (bestMu, best);
    }
}
