namespace QkdEdge.Security.Planning;

/// <summary>The hardware a lab has or considers buying, for <see cref="LinkPlanner"/>.</summary>
/// <param name="SourceVisibility">v of the pair source: rho = v |Phi+&gt;&lt;Phi+| + (1 - v) I/4.</param>
/// <param name="DetectorEfficiency">eta_d of each station's detection (including coupling).</param>
/// <param name="DarkCountProbability">p_d per detector per round.</param>
/// <param name="FibreLossDbPerKm">alpha of the fibre.</param>
/// <param name="DistanceKm">Total Alice-Bob distance; the source (or heralding station) sits midway.</param>
/// <param name="RoundRateHz">Rounds per second attempted by the source.</param>
/// <param name="Heralded">
/// False: photons travel L/2 to each station, so fibre loss lowers the per-round detection efficiency.
/// True: entanglement is heralded midway (as with trapped ions or atoms): only heralded rounds count, the fibre
/// loss lowers the round rate by 10^(-alpha L/10), and each station detects with eta_d.
/// </param>
public sealed record LinkParameters(
    double SourceVisibility,
    double DetectorEfficiency,
    double DarkCountProbability,
    double FibreLossDbPerKm,
    double DistanceKm,
    double RoundRateHz,
    bool Heralded = false)
{
    /// <summary>Checks every value; on failure names it.</summary>
    public bool TryValidate(out string? error)
    {
        error = null;
        if (double.IsNaN(SourceVisibility) || SourceVisibility < 0 || SourceVisibility > 1)
        {
            error = FormattableString.Invariant($"visibility = {SourceVisibility} must lie in [0, 1].");
        }
        else if (double.IsNaN(DetectorEfficiency) || DetectorEfficiency <= 0 || DetectorEfficiency > 1)
        {
            error = FormattableString.Invariant($"detector efficiency = {DetectorEfficiency} must lie in (0, 1].");
        }
        else if (double.IsNaN(DarkCountProbability) || DarkCountProbability < 0 || DarkCountProbability >= 1)
        {
            error = FormattableString.Invariant($"dark-count probability = {DarkCountProbability} must lie in [0, 1).");
        }
        else if (double.IsNaN(FibreLossDbPerKm) || FibreLossDbPerKm < 0 || double.IsInfinity(FibreLossDbPerKm))
        {
            error = FormattableString.Invariant($"fibre loss = {FibreLossDbPerKm} dB/km must be >= 0.");
        }
        else if (double.IsNaN(DistanceKm) || DistanceKm < 0 || double.IsInfinity(DistanceKm))
        {
            error = FormattableString.Invariant($"distance = {DistanceKm} km must be >= 0.");
        }
        else if (double.IsNaN(RoundRateHz) || RoundRateHz <= 0 || double.IsInfinity(RoundRateHz))
        {
            error = FormattableString.Invariant($"round rate = {RoundRateHz} Hz must be positive.");
        }

        return error is null;
    }
}
