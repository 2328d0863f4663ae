using System.Numerics;
using QkdEdge.Distillation.Bits;
using QkdEdge.Protocol.Planes;

namespace QkdEdge.Protocol.Messages;

/// <summary>
/// Which of a station's settings its reveal carries; both ends derive it from what they already share, so it is never
/// sent. The analysis keeps the tested Bell rounds and the rounds on the key setting pair, so the peer needs every
/// tested round's setting, and of an untested round only whether it is on this station's key setting, and only when it
/// can be a key round at all: where the peer, having revealed first, is on its own key setting (<see cref="Asked"/>).
/// At 10^9 rounds of VV14 that makes Alice's reveal about 67 MB instead of 252 MB. Revealing less of the inputs is no
/// weaker: the analysis takes all inputs as public.
/// </summary>
public sealed class RevealScope
{
    private readonly ulong[] _tested;
    private readonly SettingPlanes? _peerSettings;
    private readonly int _peerKeySetting;

    /// <param name="tested">The block's test selection.</param>
    /// <param name="rounds">The block's rounds.</param>
    /// <param name="keySetting">The revealing station's setting on the key pair.</param>
    /// <param name="peerSettings">The peer's settings as it revealed them, when it revealed first; null otherwise.</param>
    /// <param name="peerKeySetting">The peer's setting on the key pair.</param>
    public RevealScope(ulong[] tested, int rounds, int keySetting, SettingPlanes? peerSettings = null, int peerKeySetting = 0)
    {
        ArgumentNullException.ThrowIfNull(tested);
        ArgumentOutOfRangeException.ThrowIfNegative(rounds);
        if (tested.Length < PackedBits.WordCount(rounds))
            throw new ArgumentException($"A test selection of {tested.Length} words for {rounds} rounds.", nameof(tested));
        if (peerSettings is not null && peerSettings.Rounds != rounds)
            throw new ArgumentException($"The peer's settings cover {peerSettings.Rounds} rounds, the block {rounds}.", nameof(peerSettings));
        _tested = tested;
        Rounds = rounds;
        KeySetting = keySetting;
        _peerSettings = peerSettings;
        _peerKeySetting = peerKeySetting;
        TestedCount = PackedBits.PopCount(tested, rounds);
        long asked = 0;
        for (int w = 0; w < WordCount; w++)
            asked += BitOperations.PopCount(Asked(w));
        AskedCount = asked;
    }

    public int Rounds { get; }

    public int WordCount => PackedBits.WordCount(Rounds);

    public int KeySetting { get; }

    /// <summary>Rounds whose whole setting is revealed.</summary>
    public long TestedCount { get; }

    /// <summary>Rounds of which only "on the key setting or not" is revealed.</summary>
    public long AskedCount { get; }

    /// <summary>The tested rounds of word <paramref name="word"/>.</summary>
    public ulong Tested(int word) => _tested[word] & PackedBits.WordMask(Rounds, word);

    /// <summary>The untested rounds of word <paramref name="word"/> that can be key rounds.</summary>
    public ulong Asked(int word) =>
        ~_tested[word] & PackedBits.WordMask(Rounds, word) & (_peerSettings?.Matches(word, _peerKeySetting) ?? ulong.MaxValue);
}
