using QkdEdge.Emulator.Optics;

namespace QkdEdge.Emulator.Adversaries;

/// <summary>
/// A box whose output depends on its own earlier inputs and outputs (the "memory loophole" setting of
/// Barrett, Collins, Hardy, Kent and Popescu, PRA 66, 042111 (2002)): it plays the key-aiming
/// <see cref="OptimalClassicalStrategy"/> and flips its answer when, in the previous pulse, its own
/// setting was 1 and its own output was 1. Each box remembers only its own past, so the model stays
/// local and each round, given the whole history, is still won with probability at most 3/4.
/// </summary>
/// <remarks>
/// Expected statistics (derived in docs/emulator-models.md): with uniform settings the flip parity
/// M = m_A ^ m_B is independent of the current round and reaches P(M = 1) = 9/26, so every correlator
/// shrinks by 1 - 2 * 9/26 = 4/13: S = 8/13 and key agreement 17/26.
/// </remarks>
public sealed class OutputFeedbackMemoryBox : ILocalBox
{
    private readonly int _station;
    private int _previousSetting;
    private int _previousOutput;

    public OutputFeedbackMemoryBox(int station)
    {
        if (station is not (0 or 1))
            throw new ArgumentOutOfRangeException(nameof(station), station, "The CHSH boxes serve station 0 (Alice) and 1 (Bob).");
        _station = station;
    }

    public byte Answer(long pulse, byte ownSetting, ulong sharedHiddenVariable)
    {
        int planned = _station == 0
            ? OptimalClassicalStrategy.Alice(ownSetting, sharedHiddenVariable, keyAiming: true)
            : OptimalClassicalStrategy.Bob(ownSetting, sharedHiddenVariable);
        int flip = _previousSetting == 1 ? _previousOutput : 0;
        int output = planned ^ flip;
        _previousSetting = ownSetting;
        _previousOutput = output;
        return ClickPatterns.SingleClick(output);
    }
}
