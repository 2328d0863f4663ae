using QkdEdge.Emulator.Optics.Quantum;

namespace QkdEdge.Emulator.Optics;

/// <summary>Ready-made optics configurations for the protocols QkdEdge runs (ideal detectors, no fibre).</summary>
public static class OpticsPresets
{
    /// <summary>Two-station Vazirani-Vidick CHSH link on phi-plus with visibility <paramref name="visibility"/>.</summary>
    public static OpticsOptions VaziraniVidick(double visibility = 1, string model = OpticsModelNames.Honest) =>
        new() { Model = model, State = QuantumStates.PhiPlus, Stations = 2, Visibility = visibility };

    /// <summary>Barrett-Hardy-Kent chained-Bell link: the singlet, <paramref name="bases"/> bases X_r (Bloch angle r pi/n) at both stations.</summary>
    public static OpticsOptions ChainedBell(int bases, double visibility = 1)
    {
        var directions = DefaultDirections.ChainedBell(bases);
        return new OpticsOptions
        {
            State = QuantumStates.PsiMinus,
            Stations = 2,
            Visibility = visibility,
            StationOptics = [new StationOpticsOptions { DirectionsDegrees = directions }, new StationOpticsOptions { DirectionsDegrees = directions }],
        };
    }

    /// <summary>N-party GHZ source with the parity-CHSH directions of <see cref="DefaultDirections.ParityChsh"/>.</summary>
    public static OpticsOptions ParityChshGhz(int parties, double visibility = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parties, 3);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parties, DensityMatrix.MaxQubits);
        return new OpticsOptions { State = QuantumStates.Ghz, Stations = parties, Visibility = visibility };
    }
}
