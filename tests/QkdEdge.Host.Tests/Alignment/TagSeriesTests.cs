using QkdEdge.Alignment;

namespace QkdEdge.Host.Tests.Alignment;

public sealed class TagSeriesTests
{
    [Fact]
    public void Range_IsThePositionsOfItsCut_AndFindsOnlyTheirRounds()
    {
        var series = new TagSeries([3, 4, 7, 8, 9, 20], [30, 40, 70, 80, 90, 200]);

        var range = series.Range(2, 5);

        Assert.Equal([7L, 8, 9], range.Rounds.ToArray());
        Assert.Equal([70L, 80, 90], range.Tags.ToArray());
        Assert.Equal(1, range.IndexOf(8));
        Assert.Equal(-1, range.IndexOf(4));  // in the series, before the cut
        Assert.Equal(-1, range.IndexOf(20)); // in the series, after the cut
        Assert.Equal(0, series.Range(6, 6).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => series.Range(4, 7));
        Assert.Throws<ArgumentOutOfRangeException>(() => series.Range(5, 4));
    }

    [Fact]
    public void Range_GivenAsStorageToReuse_IsNotWrittenOver()
    {
        // A cut shares its series' storage; a slice asked to reuse it must take fresh storage, or the series would change.
        var series = new TagSeries([1, 2, 3, 4], [10, 20, 30, 40]);
        var block = BlockTags.From([100L, 101], [5L, 6]);

        var slice = block.Slice(0, 2, reuse: series.Range(1, 4));

        Assert.Equal([100L, 101], slice.Rounds.ToArray());
        Assert.Equal([1L, 2, 3, 4], series.Rounds.ToArray());
        Assert.Equal([10L, 20, 30, 40], series.Tags.ToArray());
    }
}
