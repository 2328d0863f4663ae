namespace QkdEdge.Emulator.Optics;

/// <summary>
/// How a station's raw click pattern becomes an output bit: a single click gives its detector's
/// outcome, a no-click gives <see cref="NoClickBit"/> and a double click <see cref="DoubleClickBit"/>.
/// Device-independent analyses must bin every round this way: discarding no-clicks (post-selection)
/// opens the detection loophole, which the detector-blinding model exploits. The optics models never
/// apply the binning; they report raw patterns and the protocol bins them.
/// </summary>
public readonly record struct ClickBinning(int NoClickBit, int DoubleClickBit)
{
    public static ClickBinning Default => new(0, 0);

    /// <summary>Output bit (0 or 1) of <paramref name="pattern"/>.</summary>
    public int Outcome(byte pattern) => pattern switch
    {
        ClickPatterns.Detector0 => 0,
        ClickPatterns.Detector1 => 1,
        ClickPatterns.None => NoClickBit,
        ClickPatterns.Both => DoubleClickBit,
        _ => throw new ArgumentOutOfRangeException(nameof(pattern), pattern, "A click pattern has two bits."),
    };
}
