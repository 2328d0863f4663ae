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

        // At a plan's test fraction the selection goes as Rice-coded gaps (so do the ones above, tested at 1/4).
        {
            int rounds = 4000;
            var sparse = new Random(34); // its own generator, so the reveal seeds below stay as they were
            var tested = new ulong[(rounds + 63) / 64];
            for (int i = 0; i < rounds; i++)
                if (sparse.NextDouble() < 0.0143)
                    tested[i / 64] |= 1UL << (i % 64);
            byte[] payload = new TestSelectionMessage("block-sparse", rounds, tested).Encode();
            yield return new FuzzSeed("valid-selection-sparse", [0, (byte)(rounds - 1), (byte)((rounds - 1) >> 8), .. payload]);

            // Every round tested: the gaps would take a bit per round, so this one goes as the bitmap.
            byte[] dense = new TestSelectionMessage("block-dense", 300, [ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, (1UL << 44) - 1]).Encode();
            yield return new FuzzSeed("valid-selection-dense", [0, 299 & 0xFF, 299 >> 8, .. dense]);
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
            byte[] payload = new RevealMessage(SettingPlanes.FromBytes(settings, alphabet), outputs,
                ProtocolPayloadTarget.ScopeFor(alphabet, rounds, testedCount), "fw 1.2.3").Encode();
            yield return new FuzzSeed($"valid-reveal-k{alphabet}",
                [1, (byte)(alphabet - 2), (byte)rounds, (byte)(rounds >> 8), (byte)testedCount, (byte)(testedCount >> 8), .. payload]);
        }
    }
}
