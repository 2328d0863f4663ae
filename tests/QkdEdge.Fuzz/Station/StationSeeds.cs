using QkdEdge.Alignment;
using QkdEdge.Station.Peer;

namespace QkdEdge.Fuzz.Station;

/// <summary>Seeds: payloads the station writes, with the round limit its peer decodes them with.</summary>
public static class StationSeeds
{
    public static IEnumerable<FuzzSeed> All()
    {
        var random = new Random(41);
        foreach (int rounds in new[] { 1, 50, 3000 })
        {
            var indices = new long[rounds];
            var tags = new long[rounds];
            indices[0] = 1000;
            tags[0] = 5_000_000;
            for (int i = 1; i < rounds; i++)
            {
                long step = random.Next(20) == 0 ? 2 : 1;
                indices[i] = indices[i - 1] + step;
                tags[i] = tags[i - 1] + (step * 100) + random.Next(-2, 3);
            }

            ushort limit = 4000 - 1;
            yield return new FuzzSeed($"valid-tags-{rounds}", [0, (byte)limit, (byte)(limit >> 8), .. TagSeriesCodec.Encode(indices, tags, 100)]);
        }

        {
            // A clean link: stretches of rounds exactly a period apart (two zero bytes each, parsed in bulk), a jittered
            // round and a missed trigger between them.
            var indices = new long[3000];
            var tags = new long[3000];
            for (int i = 1; i < indices.Length; i++)
            {
                long step = i % 700 == 0 ? 2 : 1;
                indices[i] = indices[i - 1] + step;
                tags[i] = tags[i - 1] + (step * 100) + (i % 300 == 0 ? 1 : 0);
            }

            ushort limit = 4000 - 1;
            yield return new FuzzSeed("valid-tags-clean-stretches", [0, (byte)limit, (byte)(limit >> 8), .. TagSeriesCodec.Encode(indices, tags, 100)]);
        }

        var alignment = new AlignmentMessage([new AlignedRange(0, 3, 1000), new AlignedRange(1001, 1003, 5)], 12.5, -3.25, 0.4, 2);
        yield return new FuzzSeed("valid-alignment", [1, .. alignment.Encode()]);
        yield return new FuzzSeed("valid-alignment-empty", [1, .. new AlignmentMessage([], double.NaN, double.NaN, double.NaN, 2).Encode()]);

        var plan = new HelloParameters("chsh-vv14", 5_040_000, 0.0265, 2.8001, 0.005, 1e-10, 1024);
        yield return new FuzzSeed("valid-hello", [2, .. plan.Encode()]);
    }
}
