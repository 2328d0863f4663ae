namespace QkdEdge.Delivery.Tests;

public sealed class LinkAssignmentTests
{
    private static readonly SaeLink A = new("sae-a", "sae-b");
    private static readonly SaeLink C = new("sae-c", "sae-d");
    private static readonly SaeLink E = new("sae-e", "sae-f");
    private static readonly string[] Blocks = [.. Enumerable.Range(0, 300).Select(i => $"blk-{i:D6}")];

    [Fact]
    public void LinkOf_WhenStationsListLinksInAnotherOrder_AssignsEveryBlockAlike()
    {
        var alice = new LinkAssignment([A, C, E]);
        var bob = new LinkAssignment([E, A, C]);

        Assert.All(Blocks, block => Assert.Equal(alice.LinkOf(block), bob.LinkOf(block)));
    }

    [Fact]
    public void LinkOf_WhenThreeLinks_GivesEachRoughlyAThird()
    {
        var assignment = new LinkAssignment([A, C, E]);

        var counts = Blocks.GroupBy(assignment.LinkOf).ToDictionary(g => g.Key, g => g.Count());

        // SHA-256 scores behave as uniform draws: each count is Binomial(300, 1/3), mean 100,
        // standard deviation 8.2; 60..140 is about 4.9 standard deviations either side.
        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, n => Assert.InRange(n, 60, 140));
    }

    [Fact]
    public void LinkOf_WhenALinkIsRemoved_MovesOnlyThatLinksBlocks()
    {
        var before = new LinkAssignment([A, C, E]);
        var after = new LinkAssignment([A, C]);

        Assert.All(Blocks.Where(b => before.LinkOf(b) != E), block => Assert.Equal(before.LinkOf(block), after.LinkOf(block)));
    }

    [Fact]
    public void Constructor_WhenALinkIsListedTwice_Throws()
    {
        Assert.Throws<ArgumentException>(() => new LinkAssignment([A, new SaeLink("sae-a", "sae-b")]));
    }
}
