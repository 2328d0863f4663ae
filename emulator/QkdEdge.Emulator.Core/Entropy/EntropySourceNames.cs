namespace QkdEdge.Emulator.Entropy;

/// <summary>Names a run configuration may give the emulated setting source (<see cref="EntropySourceOptions.Kind"/>).</summary>
public static class EntropySourceNames
{
    public const string Seeded = "seeded";
    public const string Biased = "biased";
    public const string Stuck = "stuck";
    public const string Predictable = "predictable";

    public static IReadOnlyList<string> All { get; } = [Seeded, Biased, Stuck, Predictable];
}
