using QkdEdge.Protocol.Description;

namespace QkdEdge.Protocol.Statistics;

/// <summary>
/// The counts a block's decisions rest on, computed identically at both stations from the revealed
/// inputs and the test-round outputs. Per setting pair: tested rounds and won ones; on the key pair:
/// tested rounds and disagreements, and the untested rounds that become raw key.
/// </summary>
public sealed class BellTally
{
    public BellTally(int aliceInputs, int bobInputs)
    {
        AliceInputs = aliceInputs;
        BobInputs = bobInputs;
        TestedPerPair = new long[aliceInputs * bobInputs];
        WinsPerPair = new long[aliceInputs * bobInputs];
    }

    public int AliceInputs { get; }
    public int BobInputs { get; }

    /// <summary>All rounds of the block.</summary>
    public long Rounds { get; internal set; }

    /// <summary>Tested rounds, per setting pair (index x * BobInputs + y).</summary>
    public long[] TestedPerPair { get; }

    /// <summary>Won tested rounds, per setting pair whose Bell functional scores it.</summary>
    public long[] WinsPerPair { get; }

    /// <summary>Tested rounds that the Bell functional scores.</summary>
    public long BellTests { get; internal set; }

    /// <summary>Won tested rounds that the Bell functional scores.</summary>
    public long BellWins { get; internal set; }

    /// <summary>Tested rounds on the key setting pair.</summary>
    public long KeyTests { get; internal set; }

    /// <summary>Tested rounds on the key setting pair whose outputs differ.</summary>
    public long KeyErrors { get; internal set; }

    /// <summary>Untested rounds on the key setting pair: the raw key length.</summary>
    public long RawKeyRounds { get; internal set; }

    /// <summary>Observed win fraction of the Bell test.</summary>
    public double WinFraction => BellTests == 0 ? 0.0 : (double)BellWins / BellTests;

    /// <summary>Observed error rate on tested key rounds.</summary>
    public double ErrorRate => KeyTests == 0 ? 0.0 : (double)KeyErrors / KeyTests;

    /// <summary>
    /// The CHSH value estimated from the per-pair correlators, S = E00 + E01 + E10 - E11 with
    /// E = 2 P(win) - 1 on each pair; equals 8w - 4 when the pairs are tested equally often.
    /// </summary>
    public double ChshFromCorrelators()
    {
        double s = 0;
        for (int x = 0; x < 2; x++)
            for (int y = 0; y < 2; y++)
            {
                int pair = x * BobInputs + y;
                if (TestedPerPair[pair] == 0)
                    return double.NaN;
                s += 2.0 * WinsPerPair[pair] / TestedPerPair[pair] - 1.0;
            }
        return s;
    }

    /// <summary>
    /// Counts a block. Inputs are per round: settings (x, y), binned outputs (a, b) — only read on
    /// tested rounds, as only those are revealed — and the test selection.
    /// </summary>
    public static BellTally Count(
        ProtocolDescription protocol,
        ReadOnlySpan<byte> aliceSettings, ReadOnlySpan<byte> aliceOutputs,
        ReadOnlySpan<byte> bobSettings, ReadOnlySpan<byte> bobOutputs,
        ReadOnlySpan<bool> tested)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        int n = aliceSettings.Length;
        if (bobSettings.Length != n || tested.Length != n || aliceOutputs.Length != n || bobOutputs.Length != n)
            throw new ArgumentException("Every per-round column of a block must have the same length.");

        var tally = new BellTally(protocol.AliceInputs, protocol.BobInputs) { Rounds = n };
        for (int i = 0; i < n; i++)
        {
            int x = aliceSettings[i], y = bobSettings[i];
            if (x >= protocol.AliceInputs || y >= protocol.BobInputs)
                throw new ArgumentOutOfRangeException(nameof(aliceSettings), $"Round {i} has setting pair ({x}, {y}) outside the protocol's alphabets.");
            bool isKeyPair = protocol.IsKeyPair(x, y);
            if (!tested[i])
            {
                if (isKeyPair)
                    tally.RawKeyRounds++;
                continue;
            }

            int pair = x * protocol.BobInputs + y;
            tally.TestedPerPair[pair]++;
            int a = aliceOutputs[i], b = bobOutputs[i];
            if (protocol.BellWin(x, y, a, b) is { } win)
            {
                tally.BellTests++;
                if (win)
                {
                    tally.BellWins++;
                    tally.WinsPerPair[pair]++;
                }
            }

            if (isKeyPair)
            {
                tally.KeyTests++;
                if (a != b)
                    tally.KeyErrors++;
            }
        }
        return tally;
    }
}
