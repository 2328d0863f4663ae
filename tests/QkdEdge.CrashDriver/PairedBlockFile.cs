using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Planes;

namespace QkdEdge.CrashDriver;

/// <summary>
/// One block's paired rounds at both stations (settings and click patterns), as the test wrote them: the
/// round count, then Alice's settings and clicks, then Bob's. Every block the driver runs is over these rounds,
/// under a block id of its own.
/// </summary>
internal static class PairedBlockFile
{
    public static void Write(string path, byte[] aliceSettings, byte[] aliceClicks, byte[] bobSettings, byte[] bobClicks)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(aliceSettings.Length);
        foreach (var column in new[] { aliceSettings, aliceClicks, bobSettings, bobClicks })
            writer.Write(column);
    }

    public static (StationBlock Alice, StationBlock Bob) Read(string path, string blockId)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        int rounds = reader.ReadInt32();
        var columns = Enumerable.Range(0, 4).Select(_ => reader.ReadBytes(rounds)).ToArray();
        return (new StationBlock(blockId, SettingPlanes.FromBytes(columns[0], 3), ClickPlanes.FromBytes(columns[1]), 0, "crash-driver", "emulated"),
            new StationBlock(blockId, SettingPlanes.FromBytes(columns[2], 2), ClickPlanes.FromBytes(columns[3]), 0, "crash-driver", "emulated"));
    }
}
