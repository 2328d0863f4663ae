using System.Globalization;
using QkdEdge.Archive;
using QkdEdge.Rounds;

namespace QkdEdge.Host.Tests.Archive;

public sealed class ArchiveWriterTests
{
    private static ArchiveOptions Options(long blockRounds = 100) =>
        new() { StationId = SyntheticRounds.StationId, SettingAlphabet = 2, BlockRounds = blockRounds, SegmentRounds = 64 };

    private static RoundBatch Batch(long first, int count)
    {
        var batch = new RoundBatch(Math.Max(count, 1)) { StationId = SyntheticRounds.StationId, FirstRound = first, Count = count };
        for (int i = 0; i < count; i++)
        {
            batch.Settings[i] = (byte)(i & 1);
            batch.Clicks[i] = (byte)(i % 4);
            batch.TimeTags[i] = 5000 + (first + i) * 800;
        }
        return batch;
    }

    [Fact]
    public void Append_WhenRoundsGoBackwardsWithoutABoardReset_ThrowsAndKeepsTheArchiveValid()
    {
        using var directory = new TemporaryDirectory();
        using var writer = ArchiveWriter.Create(directory.File("a.qka"), Options());
        writer.Append(Batch(0, 50));

        Assert.Throws<ArgumentException>(() => writer.Append(Batch(40, 5)));
        writer.Record(ArchiveEvent.BoardReset(0, 1));
        writer.Append(Batch(0, 5));
        Assert.Equal(55, writer.RoundsAppended);
    }

    [Fact]
    public void Append_WhenASettingIsOutsideTheAlphabet_ThrowsNamingTheRound()
    {
        using var directory = new TemporaryDirectory();
        using var writer = ArchiveWriter.Create(directory.File("a.qka"), Options());
        var batch = Batch(10, 20);
        batch.Settings[7] = 2;

        var ex = Assert.Throws<ArgumentException>(() => writer.Append(batch));
        Assert.Contains("Round 17", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Append_WhenFromAnotherStation_Throws()
    {
        using var directory = new TemporaryDirectory();
        using var writer = ArchiveWriter.Create(directory.File("a.qka"), Options());
        var batch = Batch(0, 3);
        batch.StationId = 99;
        Assert.Throws<ArgumentException>(() => writer.Append(batch));
    }

    [Fact]
    public void Append_WhenRoundsCrossBlockBoundaries_CutsBlocksOnMultiplesOfTheBlockSize()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("a.qka");
        var cut = new List<BlockDescriptor>();
        using (var writer = ArchiveWriter.Create(path, Options(blockRounds: 100)))
        {
            writer.BlockClosed += cut.Add;
            writer.Append(Batch(30, 150));   // rounds 30..179: block 0 gets 70, block 1 opens
            writer.Append(Batch(190, 30));   // gap of 10 rounds inside block 1; 200..219 open block 2
            writer.Record(ArchiveEvent.BoardReset(0, 3));
            writer.Append(Batch(0, 10));
        }

        Assert.Equal(
            [
                new BlockDescriptor(0, 0, 0, 100, 70, 0, BlockEnd.Complete),
                new BlockDescriptor(1, 0, 100, 200, 90, 0, BlockEnd.Complete),
                new BlockDescriptor(2, 0, 200, 300, 20, 0, BlockEnd.BoardReset),
            ],
            cut);
        using var reader = ArchiveReader.Open(path);
        Assert.Equal(cut, reader.Blocks);
        Assert.Equal(10, reader.Blocks[1].MissingRounds);
        var rounds = reader.ReadBlock(1).SelectMany(b => Enumerable.Range(0, b.Count).Select(i => b.FirstRound + i)).ToList();
        Assert.Equal(Enumerable.Range(100, 80).Concat(Enumerable.Range(190, 10)).Select(i => (long)i), rounds);
    }

    [Fact]
    public void EventsOf_WhenEventsAreRecordedBetweenBlocks_AttachesThemToTheNextBlock()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("a.qka");
        using (var writer = ArchiveWriter.Create(path, Options(blockRounds: 100)))
        {
            writer.Record(ArchiveEvent.StationMetadata(0, "firmware", "2.0.0"));
            writer.Append(Batch(0, 60));
            writer.Record(ArchiveEvent.RngAlarm(60, 2, "repetition count"));
            writer.Append(Batch(60, 40));
            writer.Record(ArchiveEvent.RoundGap(150, 50));
            writer.Append(Batch(150, 10));
            writer.CutOpenBlock();
        }

        using var reader = ArchiveReader.Open(path);
        Assert.Equal([ArchiveEventKind.StationMetadata, ArchiveEventKind.RngAlarm], reader.EventsOf(0).Select(e => e.Kind));
        Assert.Equal([ArchiveEventKind.RoundGap], reader.EventsOf(1).Select(e => e.Kind));
        Assert.Equal(2, reader.Blocks[0].EventCount);
        Assert.Equal(BlockEnd.RunEnded, reader.Blocks[1].End);
    }

    [Fact]
    public void Write_WhenExportingABlock_WritesTheDocumentedCsv()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("a.qka");
        using (var writer = ArchiveWriter.Create(path, Options(blockRounds: 100)))
        {
            writer.Append(Batch(98, 5));
            writer.CutOpenBlock();
        }
        using var reader = ArchiveReader.Open(path);
        var csv = new StringWriter(CultureInfo.InvariantCulture);

        long rounds = BlockCsvExport.Write(reader, 1, csv);

        Assert.Equal(3, rounds);
        Assert.Equal("round,setting,clicks,timetag\n100,0,2,85000\n101,1,3,85800\n102,0,0,86600\n", csv.ToString());
    }
}
