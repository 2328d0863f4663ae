namespace QkdEdge.Security.Mdi;

/// <summary>
/// A symmetric MDI-QKD link (Charlie midway): fibre loss, detector efficiency, dark counts, misalignment and
/// reconciliation efficiency (reference sheet 7.2 parameters).
/// </summary>
/// <param name="DistanceKm">Total Alice-Bob distance L; each arm is L/2.</param>
/// <param name="DetectorEfficiency">eta_d.</param>
/// <param name="DarkCountProbability">p_d per detector per pulse.</param>
/// <param name="Misalignment">e_d.</param>
/// <param name="ReconciliationEfficiency">f.</param>
/// <param name="FibreLossDbPerKm">alpha (0.2 dB/km by default).</param>
public sealed record MdiLink(
    double DistanceKm,
    double DetectorEfficiency,
    double DarkCountProbability,
    double Misalignment = 0.015,
    double ReconciliationEfficiency = 1.16,
    double FibreLossDbPerKm = 0.2)
{
    /// <summary>Transmittance of one arm times detector efficiency: eta_d 10^(-alpha (L/2)/10).</summary>
    public double ArmTransmittance => DetectorEfficiency * Math.Pow(10.0, -FibreLossDbPerKm * (DistanceKm / 2.0) / 10.0);
}
