using QkdEdge.Emulator.Optics;

namespace QkdEdge.Emulator.Tests.Optics.Statistics;

/// <summary>
/// Closed-form binned statistics for a maximally entangled pair with white noise (visibility v) seen
/// through lossy, noisy threshold detectors; derived here independently of the model's Born-rule tables.
/// </summary>
/// <remarks>
/// Write a station's port as o = +1 (detector 0) or -1 (detector 1) and its binned output as A = +-1
/// (bit 0 -> +1). Given the port, A depends only on that station's own detectors, so
/// E[A | o] = mu + kappa o with mu = (m(+1) + m(-1))/2, kappa = (m(+1) - m(-1))/2, m(o) = E[A | o].
/// For phi-plus with white noise the ports have zero marginals and E[o_A o_B] = v cos(theta_x - theta_y),
/// hence E_xy = mu_A mu_B + kappa_A kappa_B v cos(theta_x - theta_y), and
///   S = 2 mu_A mu_B + 2 sqrt2 v kappa_A kappa_B   (the mu terms enter with signs + + + -),
///   Q(2,1) = (1 - mu_A mu_B - kappa_A kappa_B v) / 2.
/// For detector d the click probability when the photon is routed to it is 1 - (1 - T eta_d)(1 - p_d),
/// and p_d otherwise (T: fibre transmission, eta_d: efficiency, p_d: dark-count probability).
/// Without dark counts, with T eta on both detectors and all no-clicks binned to 0: mu = 1 - T eta,
/// kappa = T eta, so S = 2 (1 - eta)^2 + 2 sqrt2 v eta^2, which equals 2 at eta = 2/(1 + sqrt2).
/// </remarks>
internal static class BinnedClosedForm
{
    public static (double Mu, double Kappa) StationMoments(StationOpticsOptions station)
    {
        double transmission = Math.Pow(10, -station.FibreLengthKm * station.FibreLossDbPerKm / 10);
        double mPlus = PortMean(
            click0: 1 - (1 - transmission * station.Detector0Efficiency) * (1 - station.Detector0DarkCountProbability),
            click1: station.Detector1DarkCountProbability, station);
        double mMinus = PortMean(
            click0: station.Detector0DarkCountProbability,
            click1: 1 - (1 - transmission * station.Detector1Efficiency) * (1 - station.Detector1DarkCountProbability), station);
        return ((mPlus + mMinus) / 2, (mPlus - mMinus) / 2);
    }

    public static double Chsh(StationOpticsOptions alice, StationOpticsOptions bob, double visibility)
    {
        var (muA, kappaA) = StationMoments(alice);
        var (muB, kappaB) = StationMoments(bob);
        return 2 * muA * muB + 2 * Math.Sqrt(2) * visibility * kappaA * kappaB;
    }

    public static double KeyDisagreement(StationOpticsOptions alice, StationOpticsOptions bob, double visibility)
    {
        var (muA, kappaA) = StationMoments(alice);
        var (muB, kappaB) = StationMoments(bob);
        return (1 - muA * muB - kappaA * kappaB * visibility) / 2;
    }

    private static double PortMean(double click0, double click1, StationOpticsOptions station)
    {
        double noClick = 1 - 2 * station.NoClickBit, doubleClick = 1 - 2 * station.DoubleClickBit;
        return click0 * (1 - click1) * 1
             + (1 - click0) * click1 * -1
             + (1 - click0) * (1 - click1) * noClick
             + click0 * click1 * doubleClick;
    }
}
