using QkdEdge.Emulator.Optics.Detection;
using QkdEdge.Emulator.Optics.Quantum;

namespace QkdEdge.Emulator.Optics;

/// <summary>
/// The joint distribution of all stations' click patterns for every setting tuple, computed once from
/// the state and the detection POVMs: P(c_1..c_N | s_1..s_N) = Tr(rho (E^1_{c_1|s_1} x ... x E^N_{c_N|s_N}))
/// with E^k_{c|s} = sum_o P_k(c | port o) Pi^k_{o|s}. Because each station's POVM is a classical channel
/// after a projective measurement, the trace equals sum_o P_Born(o | s) prod_k P_k(c_k | o_k); that is
/// how it is evaluated (Born probabilities by rotating rho into the measurement bases, then one
/// station's channel at a time).
/// </summary>
/// <remarks>
/// Indexing: setting tuple t = (((s_0 m_1 + s_1) m_2 + s_2) ...), station 0 most significant;
/// pattern index c = sum_k c_k 4^k, station k's pattern in bits 2k and 2k+1.
/// </remarks>
public sealed class JointClickDistribution
{
    private readonly double[] _probabilities;
    private readonly int[] _alphabets;
    private readonly int[] _strides;

    public JointClickDistribution(DensityMatrix state, IReadOnlyList<QubitBasis[]> bases, IReadOnlyList<StationDetectors> detectors)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(bases);
        ArgumentNullException.ThrowIfNull(detectors);
        int stations = state.Qubits;
        if (bases.Count != stations || detectors.Count != stations)
            throw new ArgumentException($"The state has {stations} qubits; bases and detectors are needed for each.");

        Stations = stations;
        _alphabets = new int[stations];
        _strides = new int[stations];
        int tuples = 1;
        for (int station = stations - 1; station >= 0; station--)
        {
            _alphabets[station] = bases[station].Length;
            _strides[station] = tuples;
            tuples = checked(tuples * bases[station].Length);
        }
        SettingTuples = tuples;
        PatternsPerTuple = 1 << (2 * stations);
        _probabilities = new double[checked(tuples * PatternsPerTuple)];

        var born = new double[1 << stations];
        var scratchA = new double[PatternsPerTuple];
        var scratchB = new double[PatternsPerTuple];
        var channel = new double[stations * 2 * ClickPatterns.Count];
        for (int station = 0; station < stations; station++)
            for (int port = 0; port < 2; port++)
                detectors[station].PatternProbabilities(port, channel.AsSpan((station * 2 + port) * ClickPatterns.Count, ClickPatterns.Count));

        var tupleBases = new QubitBasis[stations];
        var settings = new int[stations];
        for (int tuple = 0; tuple < tuples; tuple++)
        {
            for (int station = 0; station < stations; station++)
            {
                settings[station] = tuple / _strides[station] % _alphabets[station];
                tupleBases[station] = bases[station][settings[station]];
            }
            state.OutcomeProbabilities(tupleBases, born);
            ApplyChannels(born, channel, stations, scratchA, scratchB, _probabilities.AsSpan(tuple * PatternsPerTuple, PatternsPerTuple));
        }
    }

    public int Stations { get; }

    /// <summary>Number of setting tuples (product of the stations' alphabets).</summary>
    public int SettingTuples { get; }

    /// <summary>4^N joint patterns per setting tuple.</summary>
    public int PatternsPerTuple { get; }

    /// <summary>Setting alphabet size of <paramref name="station"/>.</summary>
    public int Alphabet(int station) => _alphabets[station];

    /// <summary>Index of a setting tuple; throws if a setting is outside its station's alphabet.</summary>
    public int TupleIndex(ReadOnlySpan<byte> settings)
    {
        if (settings.Length != Stations)
            throw new ArgumentException($"{Stations} settings are needed.", nameof(settings));
        int tuple = 0;
        for (int station = 0; station < Stations; station++)
        {
            if (settings[station] >= _alphabets[station])
                throw new ArgumentOutOfRangeException(nameof(settings), $"Station {station} has no setting {settings[station]}.");
            tuple += settings[station] * _strides[station];
        }
        return tuple;
    }

    /// <summary>Exact probability of the joint pattern <paramref name="patternIndex"/> given <paramref name="settings"/>.</summary>
    public double Probability(ReadOnlySpan<byte> settings, int patternIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(patternIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(patternIndex, PatternsPerTuple);
        return _probabilities[TupleIndex(settings) * PatternsPerTuple + patternIndex];
    }

    /// <summary>All tables, flat: tuple t's patterns at [t * PatternsPerTuple, (t+1) * PatternsPerTuple).</summary>
    public ReadOnlySpan<double> Table => _probabilities;

    internal ReadOnlySpan<int> Strides => _strides;

    /// <summary>
    /// Turns the Born distribution over port vectors (bit k = station k's port) into the pattern
    /// distribution (2 bits per station) by applying station k's 4x2 channel along axis k. Before step
    /// k, axes below k already hold patterns (radix 4) and axes from k on hold ports (radix 2).
    /// </summary>
    private static void ApplyChannels(double[] born, double[] channel, int stations, double[] scratchA, double[] scratchB, Span<double> result)
    {
        double[] current = scratchA, next = scratchB;
        born.CopyTo(current, 0);
        int lower = 1; // 4^k entries for the axes below k
        for (int station = 0; station < stations; station++)
        {
            int upper = 1 << (stations - 1 - station); // 2^(N-1-k) entries for the axes above k
            int k0 = station * 2 * ClickPatterns.Count, k1 = (station * 2 + 1) * ClickPatterns.Count;
            for (int high = 0; high < upper; high++)
                for (int low = 0; low < lower; low++)
                {
                    double p0 = current[low + lower * (0 + 2 * high)];
                    double p1 = current[low + lower * (1 + 2 * high)];
                    for (int pattern = 0; pattern < ClickPatterns.Count; pattern++)
                        next[low + lower * (pattern + 4 * high)] = channel[k0 + pattern] * p0 + channel[k1 + pattern] * p1;
                }
            (current, next) = (next, current);
            lower *= 4;
        }
        current.AsSpan(0, result.Length).CopyTo(result);
    }
}
