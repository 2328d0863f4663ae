using System.Numerics;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Planes;

namespace QkdEdge.Protocol.Statistics;

/// <summary>
/// <see cref="BellTally.Count"/> on bit-planes, for any protocol description: per 64 rounds, each setting pair's
/// mask is an AND of the two stations' setting matches, the Bell functional's verdict on the four output
/// combinations (a, b) becomes two masks (scored, won) built from the output planes, and every count is a
/// population count. The byte-column <see cref="BellTally.Count"/> is the reference it is tested against.
/// </summary>
public static class BitSlicedTally
{
    public static BellTally Count(
        ProtocolDescription protocol,
        SettingPlanes aliceSettings, ReadOnlySpan<ulong> aliceOutputs,
        SettingPlanes bobSettings, ReadOnlySpan<ulong> bobOutputs,
        ReadOnlySpan<ulong> tested) =>
        Count(protocol, aliceSettings, OutputWords.Plane(aliceOutputs), bobSettings, OutputWords.Plane(bobOutputs), tested);

    /// <summary>The tally with either station's outputs given as a plane or as the tested rounds' revealed outputs.</summary>
    public static BellTally Count(
        ProtocolDescription protocol,
        SettingPlanes aliceSettings, OutputWords aliceOutputs,
        SettingPlanes bobSettings, OutputWords bobOutputs,
        ReadOnlySpan<ulong> tested)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(aliceSettings);
        ArgumentNullException.ThrowIfNull(bobSettings);
        if (aliceSettings.Alphabet != protocol.AliceInputs || bobSettings.Alphabet != protocol.BobInputs)
            throw new ArgumentException($"Settings of alphabets {aliceSettings.Alphabet} and {bobSettings.Alphabet} for a protocol of {protocol.AliceInputs} and {protocol.BobInputs} inputs.");
        int rounds = aliceSettings.Rounds, words = aliceSettings.WordCount;
        if (bobSettings.Rounds != rounds || !aliceOutputs.Covers(words) || !bobOutputs.Covers(words) || tested.Length < words)
            throw new ArgumentException("Every plane of a block must cover the same rounds.");

        int xs = protocol.AliceInputs, ys = protocol.BobInputs, pairs = xs * ys;
        var scoredOutputs = new int[pairs];
        var wonOutputs = new int[pairs];
        for (int pair = 0; pair < pairs; pair++)
            (scoredOutputs[pair], wonOutputs[pair]) = Verdicts(protocol, pair / ys, pair % ys);
        int keyPair = protocol.KeyPair.X * ys + protocol.KeyPair.Y;

        var tally = new BellTally(xs, ys) { Rounds = rounds };
        Span<ulong> aliceMatch = stackalloc ulong[xs];
        Span<ulong> bobMatch = stackalloc ulong[ys];
        Span<ulong> outputs = stackalloc ulong[4];
        long bellTests = 0, bellWins = 0, keyTests = 0, keyErrors = 0, rawKey = 0;
        for (int w = 0; w < words; w++)
        {
            if (tested[w] == 0)
            {
                // Tested rounds are a small fraction (0.4 % at 10^9 rounds), so most words hold none: only their raw-key
                // rounds count, and the pairs' loop below would add zeros for everything else.
                rawKey += BitOperations.PopCount(aliceSettings.Matches(w, protocol.KeyPair.X) & bobSettings.Matches(w, protocol.KeyPair.Y));
                continue;
            }

            for (int x = 0; x < xs; x++)
                aliceMatch[x] = aliceSettings.Matches(w, x);
            for (int y = 0; y < ys; y++)
                bobMatch[y] = bobSettings.Matches(w, y);
            ulong t = tested[w] & aliceSettings.ValidMask(w);
            ulong a = aliceOutputs.Word(w, tested[w]), b = bobOutputs.Word(w, tested[w]);
            outputs[0] = ~a & ~b; outputs[1] = ~a & b; outputs[2] = a & ~b; outputs[3] = a & b; // index 2a + b

            for (int pair = 0; pair < pairs; pair++)
            {
                ulong roundsOfPair = aliceMatch[pair / ys] & bobMatch[pair % ys];
                ulong testedOfPair = roundsOfPair & t;
                tally.TestedPerPair[pair] += BitOperations.PopCount(testedOfPair);
                if (scoredOutputs[pair] != 0)
                {
                    long scored = BitOperations.PopCount(testedOfPair & Select(outputs, scoredOutputs[pair]));
                    long won = BitOperations.PopCount(testedOfPair & Select(outputs, wonOutputs[pair]));
                    bellTests += scored;
                    bellWins += won;
                    tally.WinsPerPair[pair] += won;
                }

                if (pair == keyPair)
                {
                    keyTests += BitOperations.PopCount(testedOfPair);
                    keyErrors += BitOperations.PopCount(testedOfPair & (a ^ b));
                    rawKey += BitOperations.PopCount(roundsOfPair & ~t);
                }
            }
        }

        tally.BellTests = bellTests;
        tally.BellWins = bellWins;
        tally.KeyTests = keyTests;
        tally.KeyErrors = keyErrors;
        tally.RawKeyRounds = rawKey;
        return tally;
    }

    /// <summary>The Bell functional on one setting pair as two 4-bit sets over (a, b) = bit 2a + b: scored, and won.</summary>
    private static (int Scored, int Won) Verdicts(ProtocolDescription protocol, int x, int y)
    {
        int scored = 0, won = 0;
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++)
                if (protocol.BellWin(x, y, a, b) is { } win)
                {
                    scored |= 1 << (2 * a + b);
                    if (win)
                        won |= 1 << (2 * a + b);
                }
        return (scored, won);
    }

    private static ulong Select(ReadOnlySpan<ulong> outputs, int set)
    {
        ulong mask = 0;
        for (int i = 0; i < 4; i++)
            if ((set & (1 << i)) != 0)
                mask |= outputs[i];
        return mask;
    }
}
