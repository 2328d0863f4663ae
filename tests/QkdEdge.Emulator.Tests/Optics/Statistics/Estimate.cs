namespace QkdEdge.Emulator.Tests.Optics.Statistics;

/// <summary>A measured value with its standard error.</summary>
internal readonly record struct Estimate(double Value, double StandardError)
{
    /// <summary>
    /// Whether the value lies within <paramref name="sigmas"/> standard errors of <paramref name="expected"/>.
    /// The 1e-12 absolute slack only absorbs double round-off where both the value and its error are exactly 0.
    /// </summary>
    public bool IsWithin(double expected, double sigmas = 5) =>
        Math.Abs(Value - expected) <= sigmas * StandardError + 1e-12;

    public override string ToString() => $"{Value:F5} +- {StandardError:F5}";
}
