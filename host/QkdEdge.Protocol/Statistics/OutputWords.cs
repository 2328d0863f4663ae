using System.Numerics;
using QkdEdge.Distillation.Bits;

namespace QkdEdge.Protocol.Statistics;

/// <summary>
/// One station's outputs as <see cref="BitSlicedTally"/> reads them, 64 rounds at a time in round order: either a
/// whole output plane, or the peer's revealed outputs of the tested rounds only (packed in round order), spread over
/// each word's tested rounds as it is read. The tally looks at outputs on tested rounds alone, so the revealed form
/// gives it the same words without the plane a full spread would allocate (125 MB at 10^9 rounds).
/// </summary>
public ref struct OutputWords
{
    private readonly ReadOnlySpan<ulong> _words;
    private readonly bool _revealed;
    private long _next;

    private OutputWords(ReadOnlySpan<ulong> words, bool revealed)
    {
        _words = words;
        _revealed = revealed;
    }

    /// <summary>A whole output plane: word w holds rounds 64w to 64w + 63.</summary>
    public static OutputWords Plane(ReadOnlySpan<ulong> plane) => new(plane, revealed: false);

    /// <summary>The tested rounds' outputs, packed in round order (as the reveal carries them).</summary>
    public static OutputWords Revealed(ReadOnlySpan<ulong> testedOutputs) => new(testedOutputs, revealed: true);

    /// <summary>Word <paramref name="w"/>, whose tested rounds are <paramref name="tested"/>; words must be read in order, each once.</summary>
    public ulong Word(int w, ulong tested)
    {
        if (!_revealed)
            return _words[w];
        int count = BitOperations.PopCount(tested);
        if (count == 0)
            return 0;
        ulong word = BitGather.Deposit(PackedBits.ReadBits(_words, _next, count), tested);
        _next += count;
        return word;
    }

    /// <summary>Whether the words cover <paramref name="words"/> words of rounds (a revealed form is checked as it is read).</summary>
    public readonly bool Covers(int words) => _revealed || _words.Length >= words;
}
