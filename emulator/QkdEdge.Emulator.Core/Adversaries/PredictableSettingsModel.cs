using QkdEdge.Emulator.Optics;
using QkdEdge.Emulator.Randomness;

namespace QkdEdge.Emulator.Adversaries;

/// <summary>
/// The attack on the one assumption device independence cannot do without: settings the devices cannot
/// predict. Here the adversary has learnt both stations' settings in advance (from a predictable
/// setting source, see <c>Entropy.PredictableEntropySource</c>), so this model reads both settings of
/// each round, which no local model may do. It picks Alice's bit from its own tape and sets Bob's to
/// agree with probability (1 + E(x, y)) / 2 for the flawless-link correlators: the host sees S = 2 sqrt2
/// and perfect key agreement, and Eve knows every bit.
/// </summary>
/// <remarks>
/// No host can detect this from the statistics, which are exactly the ideal quantum ones; only the
/// lab's guarantees on the setting sources (see docs/emulator-models.md) exclude it.
/// </remarks>
public sealed class PredictableSettingsModel : IOpticsModel
{
    private readonly int _aliceSettings;
    private readonly int _bobSettings;
    private readonly ulong[] _disagreeThresholds;
    private readonly ulong _tapeSeed;

    public PredictableSettingsModel(IdealCorrelators target, ulong tapeSeed)
    {
        ArgumentNullException.ThrowIfNull(target);
        _aliceSettings = target.AliceSettings;
        _bobSettings = target.BobSettings;
        _disagreeThresholds = new ulong[_aliceSettings * _bobSettings];
        for (int x = 0; x < _aliceSettings; x++)
            for (int y = 0; y < _bobSettings; y++)
                _disagreeThresholds[x * _bobSettings + y] = Probability64.Threshold(Math.Clamp(target.DisagreementProbability(x, y), 0, 1));
        _tapeSeed = tapeSeed;
    }

    public int Stations => 2;

    /// <summary>Eve's record: Alice's output bit on <paramref name="pulse"/>, known before the round happens.</summary>
    public int AdversaryKnownAliceBit(long pulse) => (int)(SplitMix64.At(_tapeSeed, (ulong)pulse) & 1);

    public void Measure(long firstPulse, byte[][] settings, byte[][] clicks, int count)
    {
        OpticsArguments.Check(Stations, settings, clicks, count);
        for (int i = 0; i < count; i++)
        {
            int x = settings[0][i], y = settings[1][i];
            if (x >= _aliceSettings || y >= _bobSettings)
                throw new ArgumentOutOfRangeException(nameof(settings), $"Round {i} of the batch carries a setting outside the alphabet.");
            ulong tape = SplitMix64.At(_tapeSeed, (ulong)(firstPulse + i));
            int a = (int)(tape & 1);
            int b = a ^ (SplitMix64.Mix(tape) < _disagreeThresholds[x * _bobSettings + y] ? 1 : 0);
            clicks[0][i] = ClickPatterns.SingleClick(a);
            clicks[1][i] = ClickPatterns.SingleClick(b);
        }
    }
}
