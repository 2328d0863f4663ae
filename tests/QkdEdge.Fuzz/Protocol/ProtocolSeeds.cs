using QkdEdge.Protocol.Messages;
using QkdEdge.Protocol.Planes;

namespace QkdEdge.Fuzz.Protocol;

/// <summary>Seeds: payloads the engine writes, with the parameters its peer decodes them with.</summary>
public static class ProtocolSeeds
{
    public static IEnumerable<FuzzSeed> All()
    {
        var random = new Random(33);
        foreach (int rounds in new[] { 1, 64, 200 })
        {
            var tested = new ulong[(rounds + 63) / 64];
            for (int i = 0; i < rounds; i++)
                if (random.Next(4) == 0)
                    tested[i / 64] |= 1UL << (i % 64);
            byte[] payload = new TestSelectionMessage($"block-{rounds}", rounds, tested).Encode();
            ushort limit = 1000 - 1;
            yield return new FuzzSeed($"valid-selection-{rounds}", [0, (byte)limit, (byte)(limit >> 8), .. payload]);
        }

        foreach (var (alphabet, rounds, testedCount) in new[] { (2, 100, 10), (3, 100, 17), (5, 37, 0), (255, 9, 9) })
        {
            var settings = new byte[rounds];
            for (int i = 0; i < rounds; i++)
                settings[i] = (byte)random.Next(alphabet);
            var outputs = new ulong[(testedCount + 63) / 64];
            for (int i = 0; i < testedCount; i++)
                if (random.Next(2) == 0)
                    outputs[i / 64] |= 1UL << (i % 64);
            byte[] payload = new RevealMessage(SettingPlanes.FromBytes(settings, alphabet), outputs, testedCount, "fw 1.2.3").Encode();
            yield return new FuzzSeed($"valid-reveal-k{alphabet}",
                [1, (byte)(alphabet - 2), (byte)rounds, (byte)(rounds >> 8), (byte)testedCount, (byte)(testedCount >> 8), .. payload]);
        }
    }
}
