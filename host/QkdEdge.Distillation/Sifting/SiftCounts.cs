namespace QkdEdge.Distillation.Sifting;

/// <summary>
/// Counts over one block (or the sum over chunks of a block; see <see cref="Add"/>): for every tested setting
/// pair (x in {0,1,2}, y in {0,1}) the number of rounds and of rounds with a = b; rounds whose setting x = 3
/// cannot be valid; and untested (2, 1) rounds, the raw key. CHSH is won iff a XOR b = x AND y, so on
/// (1, 1) the wins are the disagreements and on the other three pairs the agreements.
/// </summary>
public readonly record struct SiftCounts
{
    private readonly long _t00, _t01, _t10, _t11, _t20, _t21;
    private readonly long _a00, _a01, _a10, _a11, _a20, _a21;

    public SiftCounts(ReadOnlySpan<long> tested, ReadOnlySpan<long> agreements, long invalidSettingRounds, long rawKeyRounds)
    {
        if (tested.Length != 6 || agreements.Length != 6)
        {
            throw new ArgumentException("Expected six setting pairs, ordered (0,0), (0,1), (1,0), (1,1), (2,0), (2,1).");
        }

        (_t00, _t01, _t10, _t11, _t20, _t21) = (tested[0], tested[1], tested[2], tested[3], tested[4], tested[5]);
        (_a00, _a01, _a10, _a11, _a20, _a21) = (agreements[0], agreements[1], agreements[2], agreements[3], agreements[4], agreements[5]);
        InvalidSettingRounds = invalidSettingRounds;
        RawKeyRounds = rawKeyRounds;
    }

    /// <summary>Rounds whose two setting planes encode x = 3 (tested or not); a valid block has none.</summary>
    public long InvalidSettingRounds { get; }

    /// <summary>Untested rounds with (x, y) = (2, 1): the raw key length.</summary>
    public long RawKeyRounds { get; }

    /// <summary>Tested rounds with setting pair (x, y), x in 0..2, y in 0..1.</summary>
    public long TestedRounds(int x, int y) => Select(x, y, _t00, _t01, _t10, _t11, _t20, _t21);

    /// <summary>Tested rounds with setting pair (x, y) and a = b.</summary>
    public long Agreements(int x, int y) => Select(x, y, _a00, _a01, _a10, _a11, _a20, _a21);

    /// <summary>CHSH wins on the tested rounds of pair (x, y), x and y in {0, 1}.</summary>
    public long ChshWins(int x, int y)
    {
        if (x > 1 || y > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(x), "CHSH pairs have x and y in {0, 1}.");
        }

        return (x & y) == 1 ? TestedRounds(x, y) - Agreements(x, y) : Agreements(x, y);
    }

    /// <summary>Tested CHSH rounds (x and y in {0, 1}).</summary>
    public long ChshTrials => _t00 + _t01 + _t10 + _t11;

    /// <summary>CHSH wins over all four CHSH pairs.</summary>
    public long ChshWinsTotal => _a00 + _a01 + _a10 + (_t11 - _a11);

    /// <summary>Tested key rounds ((x, y) = (2, 1)), on which the error rate Q is estimated.</summary>
    public long KeyTestRounds => _t21;

    /// <summary>Tested key rounds with a != b.</summary>
    public long KeyTestErrors => _t21 - _a21;

    /// <summary>Sums the counts of two chunks of the same block.</summary>
    public SiftCounts Add(SiftCounts other)
    {
        Span<long> tested = [_t00 + other._t00, _t01 + other._t01, _t10 + other._t10, _t11 + other._t11, _t20 + other._t20, _t21 + other._t21];
        Span<long> agree = [_a00 + other._a00, _a01 + other._a01, _a10 + other._a10, _a11 + other._a11, _a20 + other._a20, _a21 + other._a21];
        return new SiftCounts(tested, agree, InvalidSettingRounds + other.InvalidSettingRounds, RawKeyRounds + other.RawKeyRounds);
    }

    private static long Select(int x, int y, long v00, long v01, long v10, long v11, long v20, long v21) => (x, y) switch
    {
        (0, 0) => v00,
        (0, 1) => v01,
        (1, 0) => v10,
        (1, 1) => v11,
        (2, 0) => v20,
        (2, 1) => v21,
        _ => throw new ArgumentOutOfRangeException(nameof(x), $"No setting pair ({x}, {y}); x is 0..2 and y is 0..1."),
    };
}
