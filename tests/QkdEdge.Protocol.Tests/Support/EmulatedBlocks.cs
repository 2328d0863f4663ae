using QkdEdge.Emulator.Optics;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Planes;

namespace QkdEdge.Protocol.Tests.Support;

/// <summary>
/// Aligned blocks for both stations from the emulator's optics: uniform settings (Alice 3, Bob 2) from a
/// seeded generator, clicks from the named model (honest physics or an adversary).
/// </summary>
internal static class EmulatedBlocks
{
    public static (StationBlock Alice, StationBlock Bob) Generate(string model, double visibility, int rounds, ulong seed, string blockId = "block-1") =>
        Generate(new OpticsOptions { Model = model, Visibility = visibility }, rounds, seed, blockId);

    public static (StationBlock Alice, StationBlock Bob) Generate(OpticsOptions options, int rounds, ulong seed, string blockId = "block-1")
    {
        var optics = OpticsModelFactory.Create(options, seed);
        var random = new Random(unchecked((int)seed));
        var settings = new[] { new byte[rounds], new byte[rounds] };
        for (int i = 0; i < rounds; i++)
        {
            settings[0][i] = (byte)random.Next(3);
            settings[1][i] = (byte)random.Next(2);
        }
        var clicks = new[] { new byte[rounds], new byte[rounds] };
        const int batch = 4096;
        for (int start = 0; start < rounds; start += batch)
        {
            int count = Math.Min(batch, rounds - start);
            var s = new[] { settings[0][start..(start + count)], settings[1][start..(start + count)] };
            var c = new[] { new byte[count], new byte[count] };
            optics.Measure(start, s, c, count);
            c[0].CopyTo(clicks[0], start);
            c[1].CopyTo(clicks[1], start);
        }
        return (new StationBlock(blockId, SettingPlanes.FromBytes(settings[0], 3), ClickPlanes.FromBytes(clicks[0]), 0, "archive-a", "fw-alice"),
                new StationBlock(blockId, SettingPlanes.FromBytes(settings[1], 2), ClickPlanes.FromBytes(clicks[1]), 0, "archive-b", "fw-bob"));
    }
}
