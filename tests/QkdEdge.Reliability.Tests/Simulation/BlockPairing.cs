using QkdEdge.Archive;
using QkdEdge.Protocol.Engine;

namespace QkdEdge.Reliability.Tests.Simulation;

/// <summary>
/// The blocks both stations cut over the same rounds: same epoch and range, paired by round index (both boards
/// count from the same trigger, so index offset 0), keeping the rounds present at both.
/// </summary>
internal static class BlockPairing
{
    public static List<(StationBlock Alice, StationBlock Bob)> Pair(string alicePath, string bobPath)
    {
        using var alice = ArchiveReader.Open(alicePath);
        using var bob = ArchiveReader.Open(bobPath);
        var pairs = new List<(StationBlock, StationBlock)>();
        foreach (var a in alice.Blocks.Where(b => b.End == BlockEnd.Complete))
        {
            var b = bob.Blocks.FirstOrDefault(x => x.End == BlockEnd.Complete && x.Epoch == a.Epoch && x.FirstRound == a.FirstRound);
            if (b is null)
                continue;
            var aliceRounds = Rounds(alice, a.BlockId);
            var bobRounds = Rounds(bob, b.BlockId);
            var common = aliceRounds.Keys.Where(bobRounds.ContainsKey).Order().ToArray();
            string id = $"e{a.Epoch}-r{a.FirstRound}";
            pairs.Add((Block(id, a.FirstRound, common, aliceRounds), Block(id, a.FirstRound, common, bobRounds)));
        }

        return pairs;
    }

    private static Dictionary<long, (byte Setting, byte Clicks)> Rounds(ArchiveReader reader, long blockId)
    {
        var rounds = new Dictionary<long, (byte, byte)>();
        foreach (var batch in reader.ReadBlock(blockId))
            for (int i = 0; i < batch.Count; i++)
                rounds[batch.FirstRound + i] = (batch.Settings[i], batch.Clicks[i]);
        return rounds;
    }

    private static StationBlock Block(string id, long first, long[] common, Dictionary<long, (byte Setting, byte Clicks)> rounds) =>
        new(id, [.. common.Select(r => rounds[r].Setting)], [.. common.Select(r => rounds[r].Clicks)], first, "simulated-archive", "emulated");
}
