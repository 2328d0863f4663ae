namespace QkdEdge.Emulator.Entropy;

/// <summary>The emulated setting source of one station, as read from the run configuration.</summary>
public sealed class EntropySourceOptions
{
    /// <summary>One of <see cref="EntropySourceNames"/>; default the honest seeded source.</summary>
    public string Kind { get; init; } = EntropySourceNames.Seeded;

    /// <summary>For "biased": probability that a bit is 1.</summary>
    public double OnesProbability { get; init; } = 0.5;

    /// <summary>For "stuck": the byte repeated after the failure.</summary>
    public byte StuckValue { get; init; }

    /// <summary>For "stuck": honest bytes delivered before the failure.</summary>
    public long StuckAfterBytes { get; init; }
}
