namespace QkdEdge.Alignment;

/// <summary>Alignment parameters. The defaults suit the tag model of docs/archive-format.md, section 8.</summary>
public sealed record AlignmentOptions
{
    /// <summary>
    /// A pair is accepted when its residual from the fitted clock relation is within this many standard deviations.
    /// At 6 sigma a correct Gaussian pair is refused with probability 2e-9, so a 10^7-round block loses about
    /// 0.02 rounds to it, while a pair one trigger period off is still refused whenever the period exceeds
    /// twice the tolerance (checked: otherwise the block is refused as ambiguous).
    /// </summary>
    public double ToleranceSigmas { get; init; } = 6.0;

    /// <summary>Tags are whole ticks, so residuals carry rounding of up to a tick each: never accept tighter than this.</summary>
    public double MinimumToleranceTicks { get; init; } = 2.0;

    /// <summary>
    /// Largest rate difference between the station clocks to expect. It only limits how far a gap can be bridged
    /// before the rate is known; lock itself works at any rate the data can fit. Crystal oscillators are
    /// specified to +-20..50 ppm each, so 200 ppm leaves room.
    /// </summary>
    public double MaxRateDifferencePpm { get; init; } = 200;

    /// <summary>Fewest pairs the reference run needs (at block start under the prior index offset).</summary>
    public int MinimumReferencePairs { get; init; } = 32;

    /// <summary>
    /// Re-pair rounds after a missed or extra trigger when the residuals say by how many rounds unambiguously;
    /// when false, every round after such a shift is refused instead.
    /// </summary>
    public bool Realign { get; init; } = true;

    /// <summary>
    /// How much the clocks' rate difference may wander between blocks (temperature), in ppm. With the prior's
    /// own standard errors it bounds how far the previous block's line can be extrapolated: beyond an eighth of
    /// a period of uncertainty the prior clock is not used and the block is aligned as from cold start (the
    /// prior index offset still holds). 0.1 ppm is a crystal oscillator's drift over minutes of temperature change.
    /// </summary>
    public double ClockWanderPpm { get; init; } = 0.1;

    /// <summary>
    /// When the prior is locked, first try the block as a plain continuation of it (<see cref="LockedTracking"/>): no
    /// shift, every round on the prior line. That path is many times faster and hands any block it doubts to the
    /// full aligner, so turning it off changes speed, not which rounds pair; tests turn it off to compare the two.
    /// </summary>
    public bool TrackLockedBlocks { get; init; } = true;
}
