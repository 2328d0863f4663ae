using QkdEdge.Emulator.Optics;
using QkdEdge.Emulator.Optics.Detection;
using QkdEdge.Emulator.Optics.Quantum;

namespace QkdEdge.Emulator.Adversaries;

/// <summary>
/// The two-station correlators E(x, y) = P(a = b) - P(a != b) that the configured state would give at
/// the configured directions with visibility 1 and perfect detectors: the statistics an adversary
/// imitates when it wants to look like a flawless link (Tsirelson-level CHSH, perfect key agreement).
/// </summary>
public sealed class IdealCorrelators
{
    private readonly double[,] _correlators;

    private IdealCorrelators(double[,] correlators) => _correlators = correlators;

    public int AliceSettings => _correlators.GetLength(0);

    public int BobSettings => _correlators.GetLength(1);

    public double this[int x, int y] => _correlators[x, y];

    /// <summary>P(a != b | x, y) = (1 - E) / 2.</summary>
    public double DisagreementProbability(int x, int y) => (1 - _correlators[x, y]) / 2;

    public static IdealCorrelators FromOptions(OpticsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Stations != 2)
            throw new ArgumentException($"Correlators are defined here for two stations, not {options.Stations}.");
        var bases = new[] { options.Station(0).ToBases(0, 2), options.Station(1).ToBases(1, 2) };
        var perfect = new StationDetectors(1, 1, 1, 0, 0);
        var distribution = new JointClickDistribution(QuantumStates.Create(options.State, 2), bases, [perfect, perfect]);

        var correlators = new double[bases[0].Length, bases[1].Length];
        Span<byte> settings = stackalloc byte[2];
        for (int x = 0; x < bases[0].Length; x++)
            for (int y = 0; y < bases[1].Length; y++)
            {
                settings[0] = (byte)x;
                settings[1] = (byte)y;
                double same = distribution.Probability(settings, Pattern(ClickPatterns.Detector0, ClickPatterns.Detector0))
                            + distribution.Probability(settings, Pattern(ClickPatterns.Detector1, ClickPatterns.Detector1));
                double different = distribution.Probability(settings, Pattern(ClickPatterns.Detector0, ClickPatterns.Detector1))
                                 + distribution.Probability(settings, Pattern(ClickPatterns.Detector1, ClickPatterns.Detector0));
                correlators[x, y] = same - different;
            }
        return new IdealCorrelators(correlators);
    }

    private static int Pattern(byte alice, byte bob) => alice | (bob << 2);
}
