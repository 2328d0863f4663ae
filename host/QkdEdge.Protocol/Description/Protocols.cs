namespace QkdEdge.Protocol.Description;

/// <summary>The protocol descriptions the engine knows.</summary>
public static class Protocols
{
    /// <summary>
    /// CHSH DI-QKD after Vazirani and Vidick, PRL 113, 140501 (2014), Table I: Alice x in {0,1,2},
    /// Bob y in {0,1}; CHSH game on x, y in {0,1} (win iff a XOR b = x AND y); key from (x, y) = (2, 1),
    /// where honest devices measure the same basis and agree.
    /// </summary>
    public static ProtocolDescription ChshVaziraniVidick { get; } = new()
    {
        Name = "chsh-vv14",
        Version = "1",
        AliceInputs = 3,
        BobInputs = 2,
        KeyPair = (2, 1),
        BellWin = static (x, y, a, b) => x < 2 ? ((a ^ b) == (x & y)) : null,
        QuantumWinProbability = (2 + Math.Sqrt(2)) / 4,
        LocalWinProbability = 0.75,
    };
}
