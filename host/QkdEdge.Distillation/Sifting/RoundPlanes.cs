using QkdEdge.Distillation.Bits;

namespace QkdEdge.Distillation.Sifting;

/// <summary>
/// A block of rounds as bit-planes (bit i of the block in word i &gt;&gt; 6, position i &amp; 63): Alice's setting
/// x = 2 * <see cref="AliceHigh"/> + <see cref="AliceLow"/> (x = 3 never occurs in a valid block and is
/// counted, not used), Bob's setting y = <see cref="Bob"/>, outcomes <see cref="OutcomeA"/> and
/// <see cref="OutcomeB"/>, and <see cref="TestMask"/> marking the rounds Alice selected for testing. Bits at
/// and beyond <see cref="RoundCount"/> are ignored. In a real run a station knows the peer's outcomes only on
/// test rounds; the other bits of that plane may be anything, since nothing but test rounds reads both.
/// </summary>
public readonly ref struct RoundPlanes
{
    public RoundPlanes(
        ReadOnlySpan<ulong> aliceHigh,
        ReadOnlySpan<ulong> aliceLow,
        ReadOnlySpan<ulong> bob,
        ReadOnlySpan<ulong> outcomeA,
        ReadOnlySpan<ulong> outcomeB,
        ReadOnlySpan<ulong> testMask,
        long roundCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(roundCount);
        int words = PackedBits.WordCount(roundCount);
        if (aliceHigh.Length < words || aliceLow.Length < words || bob.Length < words || outcomeA.Length < words ||
            outcomeB.Length < words || testMask.Length < words)
        {
            throw new ArgumentException($"Every plane needs at least {words} words for {roundCount} rounds.");
        }

        AliceHigh = aliceHigh[..words];
        AliceLow = aliceLow[..words];
        Bob = bob[..words];
        OutcomeA = outcomeA[..words];
        OutcomeB = outcomeB[..words];
        TestMask = testMask[..words];
        RoundCount = roundCount;
    }

    public ReadOnlySpan<ulong> AliceHigh { get; }

    public ReadOnlySpan<ulong> AliceLow { get; }

    public ReadOnlySpan<ulong> Bob { get; }

    public ReadOnlySpan<ulong> OutcomeA { get; }

    public ReadOnlySpan<ulong> OutcomeB { get; }

    public ReadOnlySpan<ulong> TestMask { get; }

    public long RoundCount { get; }

    public int WordCount => AliceHigh.Length;

    /// <summary>Mask of the valid rounds in word <paramref name="word"/> (all ones except in a partial last word).</summary>
    internal ulong ValidMask(int word) => PackedBits.WordMask(RoundCount, word);
}
