namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// Settings of the fixed-point layered decoder (<see cref="LayeredMinSumDecoder"/>), for either check rule.
/// With <see cref="CheckNodeRule.NormalisedMinSum"/>, check-to-bit magnitudes are scaled by
/// <see cref="NormalizationNumerator"/>/32 (rounded to nearest) and then reduced by <see cref="Offset"/>
/// (normalised and offset min-sum): plain min-sum overestimates those magnitudes, most for the high check
/// degrees of high-rate codes. Min-sum does not need the error rate: only the ratio of the channel magnitude
/// to the offset matters, so the channel log-likelihood has a fixed magnitude (<see cref="ChannelMagnitude"/>).
/// With <see cref="CheckNodeRule.BoxPlus"/> the decoder is belief propagation in units of 1/<see cref="LlrScale"/>
/// nat, and the channel magnitude is the log-likelihood ratio of the estimated error rate
/// (<see cref="ChannelMagnitudeFor"/>).
/// </summary>
public sealed record MinSumOptions
{
    public static MinSumOptions Default { get; } = new();

    /// <summary>Upper bound on full passes over all layers.</summary>
    public int MaxIterations { get; init; } = 80;

    /// <summary>Give up when the number of unsatisfied checks has not reached a new low for this many iterations.</summary>
    public int StallLimit { get; init; } = 20;

    /// <summary>Numerator of the normalisation factor alpha = numerator / 32.</summary>
    public int NormalizationNumerator { get; init; } = 28;

    /// <summary>Offset subtracted after normalisation, in decoder units.</summary>
    public int Offset { get; init; } = 1;

    /// <summary>Magnitude of a received bit's log-likelihood ratio, in decoder units (a known bit gets 127).</summary>
    public int ChannelMagnitude { get; init; } = 12;

    /// <summary>The check rule; the normalisation and offset apply to min-sum only.</summary>
    public CheckNodeRule CheckNode { get; init; } = CheckNodeRule.NormalisedMinSum;

    /// <summary>
    /// Box-plus decoding: fixed-point units per nat of log-likelihood (at most 8). Coarse units leave the 8-bit
    /// posteriors room before they saturate (127 units are 42 nat at 3); a saturated posterior corrupts the next
    /// extrinsic value, and on the shipped codes that cost more frames than the coarser correction table did.
    /// </summary>
    public int LlrScale { get; init; } = 3;

    /// <summary>
    /// Box-plus only: the least channel log-likelihood ratio, in nats, a received bit gets; null for none. A code
    /// can decode its frames better with channel values a little stronger than the error rate's own: rounded to
    /// whole units, the ratio of an error rate near the top of a code's range falls to the next unit down, and
    /// some codes lose several hundredths of f there (see <see cref="StandardLdpcCodes"/>).
    /// </summary>
    public double? ChannelLlrFloor { get; init; }

    /// <summary>Box-plus only: the greatest channel log-likelihood ratio, in nats, a received bit gets; null for none.</summary>
    public double? ChannelLlrCeiling { get; init; }

    /// <summary>
    /// Box-plus only: nats added to the error rate's log-likelihood ratio before the floor and ceiling apply. Some
    /// codes decode best with the ratio a little weaker than the error rate's own (see the engine's high-rate codes).
    /// </summary>
    public double ChannelLlrOffset { get; init; }

    /// <summary>
    /// Magnitude of a received bit's channel value when Bob's bits differ from Alice's with probability
    /// <paramref name="errorRate"/>: <see cref="ChannelMagnitude"/> for min-sum; for box-plus round(scale L), where L
    /// is ln((1 - Q)/Q) plus <see cref="ChannelLlrOffset"/>, held between <see cref="ChannelLlrFloor"/> and
    /// <see cref="ChannelLlrCeiling"/>.
    /// </summary>
    public int ChannelMagnitudeFor(double errorRate)
    {
        if (CheckNode != CheckNodeRule.BoxPlus)
        {
            return ChannelMagnitude;
        }

        if (double.IsNaN(errorRate) || errorRate <= 0 || errorRate >= 0.5)
        {
            throw new ArgumentOutOfRangeException(nameof(errorRate), errorRate, "Q must lie in (0, 0.5).");
        }

        double llr = Math.Log((1 - errorRate) / errorRate) + ChannelLlrOffset;
        llr = Math.Max(llr, ChannelLlrFloor ?? llr);
        llr = Math.Min(llr, ChannelLlrCeiling ?? llr);
        return (int)Math.Clamp(Math.Round(LlrScale * llr), 1, 126);
    }

    /// <summary>Use 256-bit vectors when the processor has AVX2 (512-bit with AVX-512 for box-plus); the scalar path computes the same numbers.</summary>
    public bool UseVectors { get; init; } = true;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxIterations);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(StallLimit);
        if (NormalizationNumerator is < 1 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(NormalizationNumerator), NormalizationNumerator, "Expected 1..32.");
        }

        if (Offset is < 0 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(Offset), Offset, "Expected 0..64.");
        }

        if (LlrScale is < 1 or > BoxPlusTable.MaxScale)
        {
            throw new ArgumentOutOfRangeException(nameof(LlrScale), LlrScale, $"Expected 1..{BoxPlusTable.MaxScale}.");
        }

        if (ChannelMagnitude is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(ChannelMagnitude), ChannelMagnitude, "Expected 1..100.");
        }

        if (!double.IsFinite(ChannelLlrOffset))
        {
            throw new ArgumentOutOfRangeException(nameof(ChannelLlrOffset), ChannelLlrOffset, "Expected a finite number of nats.");
        }

        if (ChannelLlrFloor is { } floor && !(floor > 0 && double.IsFinite(floor)))
        {
            throw new ArgumentOutOfRangeException(nameof(ChannelLlrFloor), floor, "Expected a positive number of nats.");
        }

        if (ChannelLlrCeiling is { } ceiling && !(ceiling > 0 && double.IsFinite(ceiling) && ceiling >= (ChannelLlrFloor ?? 0)))
        {
            throw new ArgumentOutOfRangeException(nameof(ChannelLlrCeiling), ceiling, "Expected a positive number of nats, at least the floor.");
        }
    }
}
