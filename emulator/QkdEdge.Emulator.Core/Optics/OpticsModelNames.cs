namespace QkdEdge.Emulator.Optics;

/// <summary>
/// The model names a run configuration may select (<see cref="OpticsOptions.Model"/>). Each adversary is
/// documented in docs/emulator-models.md with the statistics a sound host must see from it.
/// </summary>
public static class OpticsModelNames
{
    /// <summary>Honest entangled source and detectors (Born rule).</summary>
    public const string Honest = "honest";

    /// <summary>Local: a shared-randomness mixture of the eight deterministic strategies that win CHSH with 3/4.</summary>
    public const string LocalChshOptimal = "local-chsh-optimal";

    /// <summary>Local: the CHSH-optimal strategy with Alice's key answer equal to Bob's, so Eve holds a perfectly agreed key.</summary>
    public const string LocalKeyAiming = "local-key-aiming";

    /// <summary>Local with memory: both boxes output a stream computed from their own past outputs, always agreeing.</summary>
    public const string MemorySynchronized = "memory-synchronized";

    /// <summary>Local with memory: the key-aiming strategy, each output flipped by the box's own previous output and setting.</summary>
    public const string MemoryOutputFeedback = "memory-output-feedback";

    /// <summary>Local: blinded detectors click only when the station's setting matches Eve's guess (detection loophole).</summary>
    public const string DetectorBlinding = "detector-blinding";

    /// <summary>Not device-independent: the adversary knows both settings in advance and fakes Tsirelson statistics.</summary>
    public const string PredictableSettings = "predictable-settings";

    /// <summary>Honest for a fraction of rounds (<see cref="OpticsOptions.HonestFraction"/>), an attack on the rest.</summary>
    public const string Mixture = "mixture";

    public static IReadOnlyList<string> All { get; } =
    [
        Honest, LocalChshOptimal, LocalKeyAiming, MemorySynchronized, MemoryOutputFeedback,
        DetectorBlinding, PredictableSettings, Mixture,
    ];
}
