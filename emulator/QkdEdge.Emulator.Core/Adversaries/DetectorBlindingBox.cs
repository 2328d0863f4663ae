using QkdEdge.Emulator.Optics;
using QkdEdge.Emulator.Randomness;

namespace QkdEdge.Emulator.Adversaries;

/// <summary>
/// Detector control by bright light (the "faked-state" attack on blinded threshold detectors,
/// Lydersen et al., Nat. Photonics 4, 686 (2010)), written as a local hidden-variable model. For each
/// pulse Eve guesses a setting per station (x*, y*) and an outcome; a blinded detector clicks only when
/// the station's setting equals Eve's guess, on the detector Eve chose, and stays dark otherwise.
/// Bob's outcome is chosen so that, on rounds where both stations click, the pair statistics are those
/// of a flawless quantum link (<see cref="IdealCorrelators"/>).
/// </summary>
/// <remarks>
/// A host that post-selects on coincidences sees Tsirelson-level CHSH and perfect key agreement and
/// Eve knows every kept bit (the detection loophole). Binning no-clicks to a fixed bit keeps every
/// round, and the model is local, so the binned S stays at or below 2 (1.138 for the default layout).
/// </remarks>
public sealed class DetectorBlindingBox : ILocalBox
{
    private readonly int _station;
    private readonly int _aliceSettings;
    private readonly int _bobSettings;
    private readonly ulong[,] _disagreeThresholds;

    public DetectorBlindingBox(int station, IdealCorrelators target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (station is not (0 or 1))
            throw new ArgumentOutOfRangeException(nameof(station), station, "The blinding model serves two stations.");
        _station = station;
        _aliceSettings = target.AliceSettings;
        _bobSettings = target.BobSettings;
        _disagreeThresholds = new ulong[_aliceSettings, _bobSettings];
        for (int x = 0; x < _aliceSettings; x++)
            for (int y = 0; y < _bobSettings; y++)
                _disagreeThresholds[x, y] = Probability64.Threshold(Math.Clamp(target.DisagreementProbability(x, y), 0, 1));
    }

    public byte Answer(long pulse, byte ownSetting, ulong sharedHiddenVariable)
    {
        // Independent fields of the hidden variable: bit 0 the outcome, bits 1-32 and 33-62 the guesses,
        // and a second mix of it for Bob's disagreement coin.
        int outcome = (int)(sharedHiddenVariable & 1);
        int guessAlice = (int)((((sharedHiddenVariable >> 1) & 0xFFFF_FFFFUL) * (ulong)_aliceSettings) >> 32);
        int guessBob = (int)((((sharedHiddenVariable >> 33) & 0x3FFF_FFFFUL) * (ulong)_bobSettings) >> 30);

        if (_station == 0)
            return ownSetting == guessAlice ? ClickPatterns.SingleClick(outcome) : ClickPatterns.None;
        if (ownSetting != guessBob)
            return ClickPatterns.None;
        bool disagree = SplitMix64.Mix(sharedHiddenVariable) < _disagreeThresholds[guessAlice, guessBob];
        return ClickPatterns.SingleClick(outcome ^ (disagree ? 1 : 0));
    }
}
