using QkdEdge.Alignment;
using QkdEdge.Archive;
using QkdEdge.Station.Blocks;
using QkdEdge.Station.Tests.Support;

namespace QkdEdge.Station.Tests.Blocks;

public sealed class BlockAssemblerTests
{
    [Fact]
    public void Close_WhenABatchCrossesTheBoundary_ReturnsExactlyTheBlocksRoundsAndKeepsTheRest()
    {
        var assembler = new BlockAssembler(100, 3);
        assembler.Add(Batches.Of(0, 60));
        assembler.Add(Batches.Of(60, 60));

        var block = assembler.Close(Cut(0, 0, 100, 100), "3:abc", "1.2.3");

        var series = block.Tags.ToSeries();
        long[] rounds = series.Rounds.ToArray();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), rounds);
        Assert.Equal(rounds.Select(r => (byte)(r % 3)), block.Settings.ToBytes());
        Assert.Equal(rounds.Select(r => (byte)(r % 4)), block.Clicks.ToBytes());
        Assert.Equal(rounds.Select(r => 1000 + (100 * r)), series.Tags.ToArray());
        Assert.Equal(("3:abc", "1.2.3", false), (block.ArchiveHead, block.FirmwareVersion, block.RngAlarm));
        Assert.Equal(20, assembler.PendingRounds);
        Assert.Equal(119, assembler.LastRound);
    }

    [Fact]
    public void Close_WhenRoundsAreMissing_ReturnsOnlyThePresentOnes()
    {
        var assembler = new BlockAssembler(100, 3);
        assembler.Add(Batches.Of(0, 10));
        assembler.Add(Batches.Of(50, 10));

        var block = assembler.Close(Cut(0, 0, 100, 20), "h", "f");

        Assert.Equal(20, block.Count);
        Assert.Equal(50, block.Tags.RoundAt(10));
        Assert.Equal(1000 + (100 * 50), block.Tags.TagAt(10));
        Assert.Equal(2, block.Tags.RunCount);
        Assert.Equal(0, assembler.PendingRounds);
    }

    [Fact]
    public void Close_WhenBoardResetEndsTheBlock_DropsEverythingHeld()
    {
        var assembler = new BlockAssembler(100, 3);
        assembler.Add(Batches.Of(0, 30));

        var block = assembler.Close(Cut(0, 0, 100, 30, BlockEnd.BoardReset), "h", "f");
        assembler.Add(Batches.Of(0, 5));

        Assert.Equal(30, block.Count);
        Assert.False(block.IsComplete);
        Assert.Equal(5, assembler.PendingRounds);
    }

    [Fact]
    public void Close_AfterAnRngAlarm_MarksOnlyThatBlock()
    {
        var assembler = new BlockAssembler(100, 3);
        assembler.Add(Batches.Of(0, 100));
        assembler.MarkRngAlarm();

        var alarmed = assembler.Close(Cut(0, 0, 100, 100), "h", "f");
        assembler.Add(Batches.Of(100, 100));
        var next = assembler.Close(Cut(1, 100, 200, 100), "h", "f");

        Assert.True(alarmed.RngAlarm);
        Assert.False(next.RngAlarm);
    }

    [Fact]
    public void Add_WhenRoundsGoBackwards_Throws()
    {
        var assembler = new BlockAssembler(100, 3);
        assembler.Add(Batches.Of(10, 10));

        Assert.Throws<ArgumentException>(() => assembler.Add(Batches.Of(5, 10)));
    }

    [Fact]
    public void Close_OverSeveralBlocksOfOddBatches_GivesEachBlockItsOwnSettingsAndClicks()
    {
        // Batches of 37, 120 and 3 rounds land at every bit offset of the planes; the second block starts after a
        // round the archive dropped (so the cut does not start at the first round held), the third carries rounds
        // collected before the second was cut. Settings and clicks encode the round (Batches.Of).
        var assembler = new BlockAssembler(1000, 3);
        int[] sizes = [37, 120, 3];
        long next = 0;
        var closed = new List<ClosedBlock>();
        for (int b = 0; b < 3; b++)
        {
            long end = 1000L * (b + 1);
            while (next < end + 50)
            {
                int size = sizes[(int)(next % 3)];
                assembler.Add(Batches.Of(next, size));
                next += size;
            }

            long first = 1000L * b + (b == 1 ? 1 : 0);
            closed.Add(assembler.Close(Cut(b, first, end, end - first), "h", "f"));
        }

        for (int b = 0; b < 3; b++)
        {
            long[] rounds = closed[b].Tags.ToSeries().Rounds.ToArray();
            Assert.Equal(1000L * b + (b == 1 ? 1 : 0), rounds[0]);
            Assert.Equal(rounds.Select(r => (byte)(r % 3)), closed[b].Settings.ToBytes());
            Assert.Equal(rounds.Select(r => (byte)(r % 4)), closed[b].Clicks.ToBytes());
        }
    }

    private static BlockDescriptor Cut(long id, long first, long end, long present, BlockEnd why = BlockEnd.Complete) =>
        new(id, 0, first, end, present, 0, why);
}
