using System.Numerics;

namespace QkdEdge.Emulator.Optics.Quantum;

/// <summary>
/// The state of N qubits, one per station, as a 2^N x 2^N density matrix. Qubit s is bit s of the
/// computational-basis index (station 0 is the least significant bit). Immutable.
/// </summary>
/// <remarks>
/// Sizes stay tiny (N is at most <see cref="MaxQubits"/>), and the matrix is only used once per model
/// to build sampling tables, so plain arrays of <see cref="Complex"/> serve better than a numerics
/// dependency.
/// </remarks>
public sealed class DensityMatrix
{
    /// <summary>Largest supported number of qubits: the joint click table has 4^N entries per setting tuple.</summary>
    public const int MaxQubits = 6;

    private readonly Complex[] _elements; // row-major, Dimension x Dimension

    private DensityMatrix(int qubits, Complex[] elements)
    {
        Qubits = qubits;
        _elements = elements;
    }

    public int Qubits { get; }

    public int Dimension => 1 << Qubits;

    public Complex this[int row, int column] => _elements[row * Dimension + column];

    /// <summary>The projector onto a (normalised on the way in) pure state of <paramref name="qubits"/> qubits.</summary>
    public static DensityMatrix FromPureState(int qubits, ReadOnlySpan<Complex> amplitudes)
    {
        if (qubits < 1 || qubits > MaxQubits)
            throw new ArgumentOutOfRangeException(nameof(qubits), qubits, $"Between 1 and {MaxQubits} qubits are supported.");
        int dimension = 1 << qubits;
        if (amplitudes.Length != dimension)
            throw new ArgumentException($"A {qubits}-qubit state has {dimension} amplitudes, not {amplitudes.Length}.", nameof(amplitudes));

        double norm = 0;
        foreach (var amplitude in amplitudes)
            norm += amplitude.Real * amplitude.Real + amplitude.Imaginary * amplitude.Imaginary;
        if (!(norm > 0))
            throw new ArgumentException("The zero vector is not a state.", nameof(amplitudes));

        var elements = new Complex[dimension * dimension];
        for (int row = 0; row < dimension; row++)
            for (int column = 0; column < dimension; column++)
                elements[row * dimension + column] = amplitudes[row] * Complex.Conjugate(amplitudes[column]) / norm;
        return new DensityMatrix(qubits, elements);
    }

    /// <summary>
    /// <c>v * this + (1 - v) * I / d</c>: the state mixed with white noise, visibility <paramref name="visibility"/>.
    /// </summary>
    public DensityMatrix WithWhiteNoise(double visibility)
    {
        if (!(visibility >= 0 && visibility <= 1))
            throw new ArgumentOutOfRangeException(nameof(visibility), visibility, "Visibility must lie in [0, 1].");
        int dimension = Dimension;
        var elements = new Complex[_elements.Length];
        for (int i = 0; i < elements.Length; i++)
            elements[i] = visibility * _elements[i];
        double noise = (1 - visibility) / dimension;
        for (int i = 0; i < dimension; i++)
            elements[i * dimension + i] += noise;
        return new DensityMatrix(Qubits, elements);
    }

    /// <summary>
    /// Probabilities of the 2^N outcome vectors when qubit s is measured in the orthonormal basis whose
    /// bras are the rows of <paramref name="bases"/>[s] (row 0 = outcome 0). Born rule:
    /// P(o) = &lt;o| V rho V† |o&gt; with V the tensor product of the bases; applying V one qubit at a
    /// time costs N * 4^N instead of 8^N for forming the product.
    /// </summary>
    public void OutcomeProbabilities(ReadOnlySpan<QubitBasis> bases, Span<double> probabilities)
    {
        if (bases.Length != Qubits)
            throw new ArgumentException($"One basis per qubit ({Qubits}) is needed.", nameof(bases));
        int dimension = Dimension;
        if (probabilities.Length != dimension)
            throw new ArgumentException($"Room for {dimension} probabilities is needed.", nameof(probabilities));

        var rotated = (Complex[])_elements.Clone();
        for (int qubit = 0; qubit < Qubits; qubit++)
            ApplyLocal(rotated, dimension, qubit, bases[qubit]);

        for (int outcome = 0; outcome < dimension; outcome++)
        {
            double p = rotated[outcome * dimension + outcome].Real;
            probabilities[outcome] = p < 0 ? 0 : p; // round-off can leave -1e-17 where the exact value is 0
        }
    }

    /// <summary>rho &lt;- V rho V† for the single-qubit matrix V acting on <paramref name="qubit"/>.</summary>
    private static void ApplyLocal(Complex[] rho, int dimension, int qubit, QubitBasis v)
    {
        int bit = 1 << qubit;
        // Left multiplication: mixes rows that differ only in this qubit.
        for (int row = 0; row < dimension; row++)
        {
            if ((row & bit) != 0)
                continue;
            int partner = row | bit;
            for (int column = 0; column < dimension; column++)
            {
                Complex upper = rho[row * dimension + column];
                Complex lower = rho[partner * dimension + column];
                rho[row * dimension + column] = v.M00 * upper + v.M01 * lower;
                rho[partner * dimension + column] = v.M10 * upper + v.M11 * lower;
            }
        }
        // Right multiplication by V†: mixes columns, with conjugated coefficients.
        Complex c00 = Complex.Conjugate(v.M00), c01 = Complex.Conjugate(v.M01);
        Complex c10 = Complex.Conjugate(v.M10), c11 = Complex.Conjugate(v.M11);
        for (int column = 0; column < dimension; column++)
        {
            if ((column & bit) != 0)
                continue;
            int partner = column | bit;
            for (int row = 0; row < dimension; row++)
            {
                Complex left = rho[row * dimension + column];
                Complex right = rho[row * dimension + partner];
                rho[row * dimension + column] = left * c00 + right * c01;
                rho[row * dimension + partner] = left * c10 + right * c11;
            }
        }
    }
}
