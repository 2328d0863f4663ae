using QkdEdge.Emulator.Optics;
using QkdEdge.Emulator.Randomness;

namespace QkdEdge.Emulator.Adversaries;

/// <summary>
/// Intercept a fraction of the rounds: for each pulse the adversary flips a coin (independent of the
/// settings) and lets the honest source serve it with probability <c>honestFraction</c>, otherwise its
/// attack model. Both models run on every pulse, in order, so a memory attack keeps a consistent
/// history; the coin picks whose clicks the stations get. Every statistic is the fraction-weighted
/// mixture: S = f S_honest + (1 - f) S_attack.
/// </summary>
public sealed class MixtureModel : IOpticsModel
{
    private readonly IOpticsModel _honest;
    private readonly IOpticsModel _attack;
    private readonly ulong _honestThreshold;
    private readonly ulong _coinSeed;
    private byte[][] _attackClicks;

    public MixtureModel(IOpticsModel honest, IOpticsModel attack, double honestFraction, ulong coinSeed)
    {
        ArgumentNullException.ThrowIfNull(honest);
        ArgumentNullException.ThrowIfNull(attack);
        if (honest.Stations != attack.Stations)
            throw new ArgumentException($"The honest model feeds {honest.Stations} stations, the attack {attack.Stations}.");
        _honest = honest;
        _attack = attack;
        HonestFraction = honestFraction;
        _honestThreshold = Probability64.Threshold(honestFraction);
        _coinSeed = coinSeed;
        _attackClicks = new byte[honest.Stations][];
        for (int station = 0; station < _attackClicks.Length; station++)
            _attackClicks[station] = [];
    }

    public int Stations => _honest.Stations;

    public double HonestFraction { get; }

    /// <summary>Whether the honest source serves <paramref name="pulse"/> (the adversary's coin).</summary>
    public bool IsHonest(long pulse) => SplitMix64.At(_coinSeed, (ulong)pulse) < _honestThreshold;

    public void Measure(long firstPulse, byte[][] settings, byte[][] clicks, int count)
    {
        OpticsArguments.Check(Stations, settings, clicks, count);
        if (_attackClicks[0].Length < count)
            for (int station = 0; station < _attackClicks.Length; station++)
                _attackClicks[station] = new byte[count]; // grows to the largest batch once, then reused

        _honest.Measure(firstPulse, settings, clicks, count);
        _attack.Measure(firstPulse, settings, _attackClicks, count);
        for (int i = 0; i < count; i++)
        {
            if (IsHonest(firstPulse + i))
                continue;
            for (int station = 0; station < _attackClicks.Length; station++)
                clicks[station][i] = _attackClicks[station][i];
        }
    }
}
