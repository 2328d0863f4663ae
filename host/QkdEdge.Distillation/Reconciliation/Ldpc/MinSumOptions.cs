namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// Settings of the fixed-point layered min-sum decoder. Check-to-bit magnitudes are scaled by
/// <see cref="NormalizationNumerator"/>/32 (rounded to nearest) and then reduced by <see cref="Offset"/>
/// (normalised and offset min-sum): plain min-sum overestimates those magnitudes, most for the high check
/// degrees of high-rate codes. Min-sum does not need the error rate: only the ratio of the channel magnitude
/// to the offset matters, so the channel log-likelihood has a fixed magnitude (<see cref="ChannelMagnitude"/>).
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

    /// <summary>Use 256-bit vectors when the processor has AVX2; the scalar path computes the same numbers.</summary>
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

        if (ChannelMagnitude is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(ChannelMagnitude), ChannelMagnitude, "Expected 1..100.");
        }
    }
}
