using QkdEdge.Archive;
using QkdEdge.Rounds;

namespace QkdEdge.Host.Tests.Archive;

/// <summary>
/// Randomised round trips of the packing through the public writer and reader (fixed seed): any settings of any
/// alphabet, any click patterns and any 64-bit tags (including wrap-around steps) come back exactly.
/// </summary>
public sealed class BitCodingTests
{
    [Fact]
    public void ReadBlock_WhenValuesAreArbitrary_ReturnsThemExactly()
    {
        var cases = new Random(424242);
        using var directory = new TemporaryDirectory();
        for (int trial = 0; trial < 254; trial++)
        {
            int alphabet = 2 + trial; // every alphabet the format allows
            int count = cases.Next(1, 301);
            long firstTag = cases.NextInt64(long.MinValue, long.MaxValue);
            var random = new Random(cases.Next());
            var batch = new RoundBatch(count) { StationId = 1, FirstRound = 0, Count = count };
            long tag = firstTag;
            for (int i = 0; i < count; i++)
            {
                batch.Settings[i] = (byte)random.Next(alphabet);
                batch.Clicks[i] = (byte)random.Next(4);
                // Mostly periodic, sometimes wild: extreme steps must survive the Exp-Golomb escape path.
                tag = random.Next(10) == 0 ? random.NextInt64(long.MinValue, long.MaxValue) : unchecked(tag + 800 + random.Next(-3, 4));
                batch.TimeTags[i] = tag;
            }
            string path = directory.File($"p{trial}.qka");
            using (var writer = ArchiveWriter.Create(path, new ArchiveOptions { StationId = 1, SettingAlphabet = alphabet, BlockRounds = 1000, SegmentRounds = 512 }))
            {
                writer.Append(batch);
                writer.CutOpenBlock();
            }
            using var reader = ArchiveReader.Open(path);
            var back = Assert.Single(reader.ReadBlock(0));
            Assert.Equal(batch.Settings, back.Settings[..count]);
            Assert.Equal(batch.Clicks, back.Clicks[..count]);
            Assert.Equal(batch.TimeTags, back.TimeTags[..count]);
        }
    }
}
