using QkdEdge.Emulator.Optics.Detection;
using QkdEdge.Emulator.Optics.Quantum;
using QkdEdge.Emulator.Optics.Sampling;
using QkdEdge.Emulator.Randomness;

namespace QkdEdge.Emulator.Optics;

/// <summary>
/// The honest source and detectors: every pulse carries a fresh copy of the configured state to all
/// stations, and each station's click pattern follows the Born rule with its detectors' efficiency,
/// dark counts and fibre loss. Rounds are independent and identically distributed given the settings;
/// a round's joint patterns depend on that round's settings and nothing else. The joint distribution
/// is tabulated once (<see cref="Distribution"/>), then each round costs one 64-bit draw and one
/// alias-table lookup.
/// </summary>
public sealed class SourceDetectorModel : IOpticsModel
{
    private readonly ulong[] _thresholds;
    private readonly ushort[] _aliases;
    private readonly int _outcomeBits;
    private readonly int[] _alphabets;
    private readonly int[] _strides;
    private Xoshiro256StarStar _random;

    public SourceDetectorModel(DensityMatrix state, IReadOnlyList<QubitBasis[]> bases, IReadOnlyList<StationDetectors> detectors, ulong seed)
    {
        Distribution = new JointClickDistribution(state, bases, detectors);
        var tables = new AliasTables(Distribution.Table, 2 * Distribution.Stations);
        _thresholds = tables.Thresholds;
        _aliases = tables.Aliases;
        _outcomeBits = tables.OutcomeBits;
        _alphabets = new int[Distribution.Stations];
        for (int station = 0; station < _alphabets.Length; station++)
            _alphabets[station] = Distribution.Alphabet(station);
        _strides = Distribution.Strides.ToArray();
        _random = new Xoshiro256StarStar(seed);
    }

    /// <summary>The model described by <paramref name="options"/> (its <c>Model</c> name is not consulted).</summary>
    public static SourceDetectorModel Create(OpticsOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        OpticsArguments.CheckStationCount(options);
        var bases = new QubitBasis[options.Stations][];
        var detectors = new StationDetectors[options.Stations];
        for (int station = 0; station < options.Stations; station++)
        {
            var stationOptions = options.Station(station);
            bases[station] = stationOptions.ToBases(station, options.Stations);
            detectors[station] = stationOptions.ToDetectors();
        }
        return new SourceDetectorModel(options.ToDensityMatrix(), bases, detectors, seed);
    }

    public int Stations => _alphabets.Length;

    /// <summary>The exact joint click-pattern distribution the model samples from.</summary>
    public JointClickDistribution Distribution { get; }

    public void Measure(long firstPulse, byte[][] settings, byte[][] clicks, int count)
    {
        OpticsArguments.Check(Stations, settings, clicks, count);
        if (Stations == 2)
            MeasureTwo(settings[0], settings[1], clicks[0], clicks[1], count);
        else
            MeasureMany(settings, clicks, count);
    }

    /// <summary>The two-station hot loop: one draw, one table lookup and two stores per round.</summary>
    private void MeasureTwo(byte[] settingsA, byte[] settingsB, byte[] clicksA, byte[] clicksB, int count)
    {
        // Spans of exactly count elements let the JIT drop the per-element bounds checks.
        ReadOnlySpan<byte> xs = settingsA.AsSpan(0, count), ys = settingsB.AsSpan(0, count);
        Span<byte> outA = clicksA.AsSpan(0, count), outB = clicksB.AsSpan(0, count);
        uint alphabetA = (uint)_alphabets[0], alphabetB = (uint)_alphabets[1];
        ReadOnlySpan<ulong> thresholds = _thresholds;
        ReadOnlySpan<ushort> aliases = _aliases;
        var random = _random;
        for (int i = 0; i < xs.Length && i < ys.Length && i < outA.Length && i < outB.Length; i++)
        {
            uint x = xs[i], y = ys[i];
            if (x >= alphabetA || y >= alphabetB)
                ThrowSettingOutOfRange(i);
            ulong draw = random.NextUInt64();
            int bucket = (int)(draw >> 60);
            int index = (int)((x * alphabetB + y) << 4) | bucket;
            int pattern = (draw << 4) < thresholds[index] ? bucket : aliases[index];
            outA[i] = (byte)(pattern & 3);
            outB[i] = (byte)(pattern >> 2);
        }
        _random = random;
    }

    private void MeasureMany(byte[][] settings, byte[][] clicks, int count)
    {
        int stations = Stations;
        var random = _random;
        for (int i = 0; i < count; i++)
        {
            int tuple = 0;
            for (int station = 0; station < stations; station++)
            {
                uint setting = settings[station][i];
                if (setting >= (uint)_alphabets[station])
                    ThrowSettingOutOfRange(i);
                tuple += (int)setting * _strides[station];
            }
            int pattern = AliasTables.Sample(_thresholds, _aliases, _outcomeBits, tuple, random.NextUInt64());
            for (int station = 0; station < stations; station++)
                clicks[station][i] = (byte)((pattern >> (2 * station)) & 3);
        }
        _random = random;
    }

    private static void ThrowSettingOutOfRange(int round) =>
        throw new ArgumentOutOfRangeException(nameof(Measure), $"Round {round} of the batch carries a setting outside its station's alphabet.");
}
