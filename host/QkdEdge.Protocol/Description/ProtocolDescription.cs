namespace QkdEdge.Protocol.Description;

/// <summary>
/// What a DI-QKD protocol is, as data: the input alphabets, which setting pairs make key, which
/// setting pairs the Bell test scores and how, and the tolerances of its abort rules. Further protocols
/// (chained Bell, conference keys, MDI) are further descriptions, not forks of the engine.
/// </summary>
public sealed record ProtocolDescription
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    /// <summary>Number of settings of the key-leading station (Alice).</summary>
    public required int AliceInputs { get; init; }
    /// <summary>Number of settings of the other station (Bob).</summary>
    public required int BobInputs { get; init; }
    /// <summary>The setting pair whose untested rounds become raw key.</summary>
    public required (int X, int Y) KeyPair { get; init; }
    /// <summary>The Bell functional: for a tested round with inputs (x, y) and outputs (a, b), whether it scores a win; null when the pair is not part of the Bell test.</summary>
    public required Func<int, int, int, int, bool?> BellWin { get; init; }
    /// <summary>Largest win probability quantum devices can reach (the Tsirelson value of the game).</summary>
    public required double QuantumWinProbability { get; init; }
    /// <summary>Largest win probability of any local (classical) strategy.</summary>
    public required double LocalWinProbability { get; init; }
    public OutcomeBinning Binning { get; init; } = OutcomeBinning.Default;

    public bool IsKeyPair(int x, int y) => x == KeyPair.X && y == KeyPair.Y;
}
