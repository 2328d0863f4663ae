using QkdEdge.Archive;
using QkdEdge.Station.Blocks;

namespace QkdEdge.Station.Tests.Blocks;

public sealed class BlockQueueTests
{
    [Theory]
    [InlineData(5_100_000, 3)] // the demo's blocks: three, as before the bound
    [InlineData(11_184_810, 3)] // 3 x 11,184,810 < 2^25
    [InlineData(11_184_811, 2)]
    [InlineData(16_777_216, 2)] // 2^24: two make 2^25
    [InlineData(16_777_217, 1)]
    [InlineData(113_280_000, 1)] // detectors of efficiency 0.96
    [InlineData(1_000_000_000, 1)] // never none: the next block must wait somewhere
    public void CapacityFor_WhenBlocksAreLarge_HoldsAtMostTheBoundsRounds(long blockRounds, int expected)
    {
        int capacity = BlockQueue.CapacityFor(blockRounds);

        Assert.Equal(expected, capacity);
        Assert.True(capacity == 1 || capacity * blockRounds <= BlockQueue.MaxQueuedRounds);
    }

    [Fact]
    public async Task TakeMatchingAsync_WhenOlderBlocksAreQueued_DropsThemAndReturnsTheMatch()
    {
        var queue = new BlockQueue(4);
        var dropped = new List<long>();
        queue.Dropped += (b, _) => dropped.Add(b.Descriptor.BlockId);
        queue.Add(Block(0));
        queue.Add(Block(1));
        queue.Add(Block(2));

        var match = await queue.TakeMatchingAsync(200, 300, TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal(2, match!.Descriptor.BlockId);
        Assert.Equal([0L, 1L], dropped);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task TakeMatchingAsync_WhenOnlyNewerBlocksAreQueued_ReturnsNullAndKeepsThem()
    {
        var queue = new BlockQueue(4);
        queue.Add(Block(3));

        var match = await queue.TakeMatchingAsync(200, 300, TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Null(match);
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task TakeMatchingAsync_WhenTheBlockIsCutLater_WaitsForIt()
    {
        var queue = new BlockQueue(4);

        var waiting = queue.TakeMatchingAsync(100, 200, TimeSpan.FromSeconds(10), CancellationToken.None);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        queue.Add(Block(1));

        Assert.Equal(1, (await waiting)!.Descriptor.BlockId);
    }

    [Fact]
    public async Task TakeMatchingAsync_WhenNothingComes_ReturnsNullAfterTheTimeout()
    {
        var queue = new BlockQueue(4);

        var match = await queue.TakeMatchingAsync(100, 200, TimeSpan.FromMilliseconds(50), CancellationToken.None);

        Assert.Null(match);
    }

    [Fact]
    public async Task Add_WhenFull_DropsTheOldestAndReportsIt()
    {
        var queue = new BlockQueue(2);
        var dropped = new List<long>();
        queue.Dropped += (b, _) => dropped.Add(b.Descriptor.BlockId);

        queue.Add(Block(0));
        queue.Add(Block(1));
        queue.Add(Block(2));

        Assert.Equal([0L], dropped);
        Assert.Equal(1, (await queue.TakeNextAsync(CancellationToken.None)).Descriptor.BlockId);
    }

    private static ClosedBlock Block(long id) => new(
        new BlockDescriptor(id, 0, id * 100, (id + 1) * 100, 100, 0, BlockEnd.Complete),
        QkdEdge.Alignment.BlockTags.Empty, QkdEdge.Protocol.Planes.SettingPlanes.FromBytes([], 3), QkdEdge.Protocol.Planes.ClickPlanes.FromBytes([]), "h", "f", false, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
}
