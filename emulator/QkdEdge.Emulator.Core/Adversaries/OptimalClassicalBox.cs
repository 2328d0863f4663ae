using QkdEdge.Emulator.Optics;

namespace QkdEdge.Emulator.Adversaries;

/// <summary>
/// A memoryless box playing <see cref="OptimalClassicalStrategy"/>: station 0 answers as Alice, station
/// 1 as Bob. With <c>keyAiming</c>, Alice's key answer equals Bob's, so every key round agrees and the
/// adversary, who holds the hidden variables, knows every key bit while CHSH sits at the local maximum S = 2.
/// </summary>
public sealed class OptimalClassicalBox : ILocalBox
{
    private readonly int _station;
    private readonly bool _keyAiming;

    public OptimalClassicalBox(int station, bool keyAiming)
    {
        if (station is not (0 or 1))
            throw new ArgumentOutOfRangeException(nameof(station), station, "The CHSH boxes serve station 0 (Alice) and 1 (Bob).");
        _station = station;
        _keyAiming = keyAiming;
    }

    public byte Answer(long pulse, byte ownSetting, ulong sharedHiddenVariable)
    {
        int bit = _station == 0
            ? OptimalClassicalStrategy.Alice(ownSetting, sharedHiddenVariable, _keyAiming)
            : OptimalClassicalStrategy.Bob(ownSetting, sharedHiddenVariable);
        return ClickPatterns.SingleClick(bit);
    }
}
