using QkdEdge.Emulator.Optics.Quantum;

namespace QkdEdge.Emulator.Optics;

/// <summary>
/// The optics section of a run configuration: which model runs (honest physics or a named adversary),
/// the source's state and visibility, and each station's directions, fibre and detectors.
/// Defaults describe an ideal Vazirani-Vidick CHSH link.
/// </summary>
public sealed class OpticsOptions
{
    /// <summary>Model name; see <see cref="OpticsModelNames"/>. Default: the honest source and detectors.</summary>
    public string Model { get; init; } = OpticsModelNames.Honest;

    /// <summary>Source state name (<see cref="QuantumStates"/>): phi-plus, phi-minus, psi-plus, psi-minus, ghz.</summary>
    public string State { get; init; } = QuantumStates.PhiPlus;

    /// <summary>Number of stations (qubits per pulse). Two for CHSH and chained-Bell links, N for conference keys.</summary>
    public int Stations { get; init; } = 2;

    /// <summary>White-noise visibility v of the source: rho = v |psi&gt;&lt;psi| + (1 - v) I / 2^N.</summary>
    public double Visibility { get; init; } = 1;

    /// <summary>Per-station optics; null or a null entry takes <see cref="StationOpticsOptions"/> defaults for that station.</summary>
    public StationOpticsOptions?[]? StationOptics { get; init; }

    /// <summary>For the mixture model: fraction of rounds the honest source serves.</summary>
    public double HonestFraction { get; init; } = 0.5;

    /// <summary>For the mixture model: the attack that serves the other rounds.</summary>
    public string MixtureAttack { get; init; } = OpticsModelNames.LocalKeyAiming;

    /// <summary>The options of <paramref name="station"/>, defaults filled in.</summary>
    public StationOpticsOptions Station(int station)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(station);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(station, Stations);
        if (StationOptics is not null && StationOptics.Length != Stations)
            throw new ArgumentException($"{StationOptics.Length} station entries were configured for {Stations} stations.");
        return StationOptics?[station] ?? new StationOpticsOptions();
    }

    /// <summary>The configured state with white noise mixed in.</summary>
    public DensityMatrix ToDensityMatrix() => QuantumStates.Create(State, Stations).WithWhiteNoise(Visibility);
}
