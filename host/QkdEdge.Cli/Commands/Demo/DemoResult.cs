using QkdEdge.Station.Planning;

namespace QkdEdge.Cli.Commands.Demo;

/// <summary>One key both stations committed.</summary>
/// <param name="BlockId">The key's block id in both key stores.</param>
/// <param name="AliceSha256">SHA-256 of the key in Alice's store.</param>
/// <param name="BobSha256">SHA-256 of the key in Bob's store.</param>
/// <param name="Bits">Key length.</param>
/// <param name="Chsh">Observed CHSH value of the block.</param>
/// <param name="Qber">Observed error rate on the block's tested key rounds.</param>
/// <param name="Seconds">From the demo's start to the key committed at both stations.</param>
internal sealed record DemoKey(string BlockId, string AliceSha256, string BobSha256, int Bits, double Chsh, double Qber, double Seconds);

/// <summary>How a demo run ended.</summary>
internal sealed record DemoResult(
    IReadOnlyList<DemoKey> Keys,
    int KeysRequested,
    BlockPlan Plan,
    double ExpectedChsh,
    double ExpectedErrorRate,
    DemoSettings Settings,
    long AliceRounds,
    long BobRounds,
    long Aborts,
    double ElapsedSeconds,
    string? Failure)
{
    public bool Succeeded => Failure is null && Keys.Count >= KeysRequested && Keys.All(k => k.AliceSha256 == k.BobSha256);
}
