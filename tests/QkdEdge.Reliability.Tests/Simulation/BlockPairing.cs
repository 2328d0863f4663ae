using QkdEdge.Archive;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Planes;

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
            var (aliceCommon, bobCommon) = Common(aliceRounds, bobRounds);
            string id = $"e{a.Epoch}-r{a.FirstRound}";
            pairs.Add((Block(id, a.FirstRound, aliceCommon, alphabet: 3), Block(id, a.FirstRound, bobCommon, alphabet: 2)));
        }

        return pairs;
    }

    /// <summary>A block's rounds in archive order, which is ascending round order within an epoch.</summary>
    private static (List<long> Index, List<byte> Settings, List<byte> Clicks) Rounds(ArchiveReader reader, long blockId)
    {
        var rounds = (new List<long>(), new List<byte>(), new List<byte>());
        foreach (var batch in reader.ReadBlock(blockId))
        {
            for (int i = 0; i < batch.Count; i++)
            {
                rounds.Item1.Add(batch.FirstRound + i);
                rounds.Item2.Add(batch.Settings[i]);
                rounds.Item3.Add(batch.Clicks[i]);
            }
        }

        return rounds;
    }

    /// <summary>The rounds present at both stations: a merge of the two ascending index lists.</summary>
    private static ((byte[] Settings, byte[] Clicks) Alice, (byte[] Settings, byte[] Clicks) Bob) Common(
        (List<long> Index, List<byte> Settings, List<byte> Clicks) alice, (List<long> Index, List<byte> Settings, List<byte> Clicks) bob)
    {
        var aliceKept = (Settings: new List<byte>(alice.Index.Count), Clicks: new List<byte>(alice.Index.Count));
        var bobKept = (Settings: new List<byte>(bob.Index.Count), Clicks: new List<byte>(bob.Index.Count));
        for (int i = 0, j = 0; i < alice.Index.Count && j < bob.Index.Count;)
        {
            if (alice.Index[i] < bob.Index[j])
                i++;
            else if (alice.Index[i] > bob.Index[j])
                j++;
            else
            {
                aliceKept.Settings.Add(alice.Settings[i]);
                aliceKept.Clicks.Add(alice.Clicks[i++]);
                bobKept.Settings.Add(bob.Settings[j]);
                bobKept.Clicks.Add(bob.Clicks[j++]);
            }
        }

        return (([.. aliceKept.Settings], [.. aliceKept.Clicks]), ([.. bobKept.Settings], [.. bobKept.Clicks]));
    }

    private static StationBlock Block(string id, long first, (byte[] Settings, byte[] Clicks) rounds, int alphabet) =>
        new(id, SettingPlanes.FromBytes(rounds.Settings, alphabet), ClickPlanes.FromBytes(rounds.Clicks), first, "simulated-archive", "emulated");
}
