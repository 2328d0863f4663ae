using QkdEdge.Security.FiniteKey;

namespace QkdEdge.Security.Planning;

/// <summary>What a link is expected to deliver.</summary>
/// <param name="Link">The inputs.</param>
/// <param name="StationEfficiency">Per-station detection probability t used in the Born-rule model.</param>
/// <param name="EffectiveRoundRateHz">Rounds per second that enter the protocol.</param>
/// <param name="ChshValue">Expected S.</param>
/// <param name="ErrorRate">Expected Q.</param>
/// <param name="AsymptoticRate">Collective-attack rate per key round (0 if none).</param>
/// <param name="Block">Finite-key plan for the requested block size.</param>
/// <param name="RoundsForFirstKey">Smallest block with a positive key, or null if none up to the search limit.</param>
public sealed record LinkPlan(
    LinkParameters Link,
    double StationEfficiency,
    double EffectiveRoundRateHz,
    double ChshValue,
    double ErrorRate,
    double AsymptoticRate,
    FiniteKeyPlan? Block,
    long? RoundsForFirstKey)
{
    /// <summary>Finite-key bits per second at the planned block size.</summary>
    public double FiniteKeyBitsPerSecond => Block is null ? 0.0 : Block.RatePerRound * EffectiveRoundRateHz;

    /// <summary>Seconds of running until the first block with a positive key completes, or null.</summary>
    public double? SecondsToFirstKey => RoundsForFirstKey is { } n ? n / EffectiveRoundRateHz : null;
}
