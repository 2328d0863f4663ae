using QkdEdge.Emulator.Optics.Detection;
using QkdEdge.Emulator.Optics.Quantum;

namespace QkdEdge.Emulator.Optics;

/// <summary>
/// One station's measurement directions, fibre and detectors, as read from the run configuration.
/// Scalars rather than per-detector arrays so that configuration binding cannot append to defaults.
/// </summary>
public sealed class StationOpticsOptions
{
    /// <summary>
    /// Measurement direction per setting, as an angle in the X-Z plane of the Bloch sphere in degrees
    /// from +Z towards +X (0 = Z, 90 = X). The number of entries is the station's setting alphabet.
    /// Null takes the default layout for the station (see <see cref="DefaultDirections"/>).
    /// </summary>
    public double[]? DirectionsDegrees { get; init; }

    /// <summary>Detection efficiency of detector 0 (the outcome-0 port).</summary>
    public double Detector0Efficiency { get; init; } = 1;

    /// <summary>Detection efficiency of detector 1 (the outcome-1 port).</summary>
    public double Detector1Efficiency { get; init; } = 1;

    /// <summary>Probability that detector 0 fires in a gate with no photon (dark count or afterpulse), per gate.</summary>
    public double Detector0DarkCountProbability { get; init; }

    /// <summary>Probability that detector 1 fires in a gate with no photon, per gate.</summary>
    public double Detector1DarkCountProbability { get; init; }

    /// <summary>Fibre from the source to this station, km.</summary>
    public double FibreLengthKm { get; init; }

    /// <summary>Fibre attenuation, dB/km (0.2 is typical for telecom fibre at 1550 nm).</summary>
    public double FibreLossDbPerKm { get; init; } = 0.2;

    /// <summary>Output bit the protocol assigns to a round without a click (binning, never discarding).</summary>
    public int NoClickBit { get; init; }

    /// <summary>Output bit the protocol assigns to a double click.</summary>
    public int DoubleClickBit { get; init; }

    public ClickBinning Binning => new(CheckBit(NoClickBit, nameof(NoClickBit)), CheckBit(DoubleClickBit, nameof(DoubleClickBit)));

    public StationDetectors ToDetectors() => new(
        StationDetectors.FibreTransmission(FibreLengthKm, FibreLossDbPerKm),
        Detector0Efficiency, Detector1Efficiency, Detector0DarkCountProbability, Detector1DarkCountProbability);

    /// <summary>The measurement bases per setting, from <see cref="DirectionsDegrees"/> or the defaults.</summary>
    public QubitBasis[] ToBases(int station, int stations)
    {
        double[] degrees = DirectionsDegrees ?? DefaultDirections.Degrees(station, stations);
        if (degrees.Length is < 1 or > 256)
            throw new ArgumentException($"Station {station} needs between 1 and 256 settings, not {degrees.Length}.");
        var bases = new QubitBasis[degrees.Length];
        for (int setting = 0; setting < bases.Length; setting++)
            bases[setting] = QubitBasis.InXzPlane(degrees[setting] * Math.PI / 180);
        return bases;
    }

    private static int CheckBit(int bit, string name) =>
        bit is 0 or 1 ? bit : throw new ArgumentOutOfRangeException(name, bit, "A binned output is 0 or 1.");
}
