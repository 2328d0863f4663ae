using QkdEdge.Firmware.Hardware;

namespace QkdEdge.Emulator.Entropy;

/// <summary>Builds the emulated entropy source a run configuration names.</summary>
public static class EntropySourceFactory
{
    /// <param name="seed">The station's entropy seed; for "predictable" it is also what the adversary knows.</param>
    public static IEntropySource Create(EntropySourceOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Kind switch
        {
            EntropySourceNames.Seeded => new SeededEntropySource(seed),
            EntropySourceNames.Biased => new BiasedEntropySource(seed, options.OnesProbability),
            EntropySourceNames.Stuck => new StuckEntropySource(seed, options.StuckValue, options.StuckAfterBytes),
            EntropySourceNames.Predictable => new PredictableEntropySource(seed),
            _ => throw new ArgumentException(
                $"Unknown entropy source '{options.Kind}'. Known: {string.Join(", ", EntropySourceNames.All)}.", nameof(options)),
        };
    }
}
