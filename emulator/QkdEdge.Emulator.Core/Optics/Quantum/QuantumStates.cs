using System.Numerics;

namespace QkdEdge.Emulator.Optics.Quantum;

/// <summary>The entangled states the source can emit, by configuration name.</summary>
public static class QuantumStates
{
    /// <summary>Configuration names, as written in run configurations.</summary>
    public const string PhiPlus = "phi-plus";
    public const string PhiMinus = "phi-minus";
    public const string PsiPlus = "psi-plus";
    public const string PsiMinus = "psi-minus";
    public const string Ghz = "ghz";

    /// <summary>
    /// The pure state named <paramref name="name"/> on <paramref name="qubits"/> qubits. The four Bell
    /// states need two; "ghz" is (|0...0> + |1...1>)/sqrt2 on any supported number (on two it equals phi-plus).
    /// </summary>
    public static DensityMatrix Create(string name, int qubits)
    {
        ArgumentNullException.ThrowIfNull(name);
        double h = 1 / Math.Sqrt(2);
        switch (name)
        {
            case PhiPlus: return TwoQubit(qubits, name, h, 0, 0, h);    // (|00> + |11>)/sqrt2
            case PhiMinus: return TwoQubit(qubits, name, h, 0, 0, -h);  // (|00> - |11>)/sqrt2
            // Index = b1 b0 with station 0 in bit 0: |01> (station 0 in 0, station 1 in 1) is index 2.
            case PsiPlus: return TwoQubit(qubits, name, 0, h, h, 0);    // (|01> + |10>)/sqrt2
            case PsiMinus: return TwoQubit(qubits, name, 0, h, -h, 0);  // (|01> - |10>)/sqrt2, the singlet
            case Ghz:
                var amplitudes = new Complex[1 << qubits];
                amplitudes[0] = h;
                amplitudes[amplitudes.Length - 1] = h;
                return DensityMatrix.FromPureState(qubits, amplitudes);
            default:
                throw new ArgumentException(
                    $"Unknown state '{name}'. Known: {PhiPlus}, {PhiMinus}, {PsiPlus}, {PsiMinus}, {Ghz}.", nameof(name));
        }
    }

    private static DensityMatrix TwoQubit(int qubits, string name, double a00, double a01, double a10, double a11)
    {
        if (qubits != 2)
            throw new ArgumentException($"'{name}' is a two-qubit state; {qubits} stations were configured.", nameof(qubits));
        // Amplitude order by index: 0 = |station1=0, station0=0>, 1 = station0 in 1, 2 = station1 in 1, 3 = both.
        return DensityMatrix.FromPureState(2, [a00, a10, a01, a11]);
    }
}
