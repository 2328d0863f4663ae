namespace QkdEdge.Wire.Decoding;

/// <summary>The fixed fields of a Rounds payload (docs/wire-protocol.md, section 4.2).</summary>
public readonly record struct RoundsHeader(
    long FirstRoundIndex,
    int RoundCount,
    int AlphabetSize,
    long FirstTimeTag,
    uint PeriodTicks,
    int ExceptionCount);
