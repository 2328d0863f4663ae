using QkdEdge.Security.Asymptotic;
using QkdEdge.Security.FiniteKey;

namespace QkdEdge.Security.Planning;

/// <summary>
/// What a lab asks before buying detectors: for given source, detectors and fibre, the expected CHSH value and
/// error rate (<see cref="DetectionModel"/>), the asymptotic and finite-key rates and the time to the first key.
/// </summary>
public static class LinkPlanner
{
    /// <summary>Per-station detection probability: eta_d 10^(-alpha (L/2)/10), or eta_d alone when heralded.</summary>
    public static double StationEfficiency(LinkParameters link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return link.Heralded
            ? link.DetectorEfficiency
            : link.DetectorEfficiency * Math.Pow(10.0, -link.FibreLossDbPerKm * (link.DistanceKm / 2.0) / 10.0);
    }

    /// <summary>Rounds per second entering the protocol (heralding success falls as 10^(-alpha L/10)).</summary>
    public static double EffectiveRoundRate(LinkParameters link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return link.Heralded ? link.RoundRateHz * Math.Pow(10.0, -link.FibreLossDbPerKm * link.DistanceKm / 10.0) : link.RoundRateHz;
    }

    /// <summary>Plans the link for blocks of <paramref name="blockRounds"/> rounds.</summary>
    /// <param name="link">Hardware.</param>
    /// <param name="security">eps parameters.</param>
    /// <param name="blockRounds">Block size n for the finite-key rate.</param>
    /// <param name="analysis">Entropy-accumulation bound.</param>
    /// <param name="findFirstKey">Also search the smallest block with a positive key (slower).</param>
    public static LinkPlan Plan(LinkParameters link, EatSecurityParameters security, long blockRounds, EatAnalysis analysis = EatAnalysis.Best, bool findFirstKey = true)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (!link.TryValidate(out var error))
        {
            ThrowHelper.ThrowArgument(nameof(link), error!);
        }

        double t = StationEfficiency(link);
        double s = DetectionModel.ChshValue(link.SourceVisibility, t, t, link.DarkCountProbability);
        double q = DetectionModel.ErrorRate(link.SourceVisibility, t, t, link.DarkCountProbability);
        double asymptotic = ChshKeyRate.Rate(s, q);
        FiniteKeyPlan? block = null;
        long? first = null;
        if (asymptotic > 0.0)
        {
            var inputs = new PlanningInputs(s, q, security, Analysis: analysis);
            block = FiniteKeyPlanner.Plan(inputs, blockRounds);
            first = findFirstKey ? FiniteKeyPlanner.RoundsForPositiveKey(inputs) : null;
        }

        return new LinkPlan(link, t, EffectiveRoundRate(link), s, q, asymptotic, block, first);
    }
}
