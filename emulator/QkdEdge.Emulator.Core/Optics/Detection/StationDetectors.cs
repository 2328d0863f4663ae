namespace QkdEdge.Emulator.Optics.Detection;

/// <summary>
/// One station's channel and two threshold detectors. The photon reaches the station with probability
/// <see cref="Transmission"/> (fibre loss), leaves the measurement through the port of its Born-rule
/// outcome, and is registered by that port's detector with the detector's efficiency. Each detector
/// also fires on its own with its dark-count probability per gate, independently of everything else,
/// so double clicks occur. One photon (pair) per pulse: multi-pair emission is not modelled.
/// </summary>
public sealed class StationDetectors
{
    public StationDetectors(double transmission, double efficiency0, double efficiency1, double darkCount0, double darkCount1)
    {
        Transmission = CheckProbability(transmission, nameof(transmission));
        Efficiency0 = CheckProbability(efficiency0, nameof(efficiency0));
        Efficiency1 = CheckProbability(efficiency1, nameof(efficiency1));
        DarkCount0 = CheckProbability(darkCount0, nameof(darkCount0));
        DarkCount1 = CheckProbability(darkCount1, nameof(darkCount1));
    }

    public double Transmission { get; }
    public double Efficiency0 { get; }
    public double Efficiency1 { get; }
    public double DarkCount0 { get; }
    public double DarkCount1 { get; }

    /// <summary>Fibre transmission 10^(-loss/10) for <paramref name="lengthKm"/> km at <paramref name="lossDbPerKm"/> dB/km.</summary>
    public static double FibreTransmission(double lengthKm, double lossDbPerKm)
    {
        if (!(lengthKm >= 0) || !(lossDbPerKm >= 0))
            throw new ArgumentOutOfRangeException(nameof(lengthKm), "Fibre length and loss must be non-negative.");
        return Math.Pow(10, -lengthKm * lossDbPerKm / 10);
    }

    /// <summary>
    /// P(click pattern | the photon left through <paramref name="port"/>) for the four patterns, indexed
    /// by pattern. This is the classical part of the detection POVM: the pattern's POVM element is
    /// sum over ports of P(pattern | port) times the port's projector.
    /// </summary>
    public void PatternProbabilities(int port, Span<double> patterns)
    {
        if (port is not (0 or 1))
            throw new ArgumentOutOfRangeException(nameof(port), port, "A station has ports 0 and 1.");
        if (patterns.Length != ClickPatterns.Count)
            throw new ArgumentException("Room for four patterns is needed.", nameof(patterns));

        double hit0 = port == 0 ? Transmission * Efficiency0 : 0;
        double hit1 = port == 1 ? Transmission * Efficiency1 : 0;
        double click0 = 1 - (1 - hit0) * (1 - DarkCount0);
        double click1 = 1 - (1 - hit1) * (1 - DarkCount1);
        patterns[ClickPatterns.None] = (1 - click0) * (1 - click1);
        patterns[ClickPatterns.Detector0] = click0 * (1 - click1);
        patterns[ClickPatterns.Detector1] = (1 - click0) * click1;
        patterns[ClickPatterns.Both] = click0 * click1;
    }

    private static double CheckProbability(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
            throw new ArgumentOutOfRangeException(name, value, "Must lie in [0, 1].");
        return value;
    }
}
