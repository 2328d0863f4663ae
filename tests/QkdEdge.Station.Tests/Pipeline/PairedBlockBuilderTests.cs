using QkdEdge.Alignment;
using QkdEdge.Archive;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Planes;
using QkdEdge.Station.Blocks;
using QkdEdge.Station.Pipeline;

namespace QkdEdge.Station.Tests.Pipeline;

public sealed class PairedBlockBuilderTests
{
    // Alice has rounds 0..9 except 4; Bob's indices run 2 behind (Alice = Bob + 2). Settings and clicks encode the
    // round index (settings in an alphabet of 10, clicks modulo 4), so each pair shows which round it took.
    private static readonly ClosedBlock Alice = Block([0, 1, 2, 3, 5, 6, 7, 8, 9]);
    private static readonly ClosedBlock Bob = Block([0, 1, 2, 3, 4, 5, 6, 7]);
    private static readonly AlignedRange[] Ranges = [new(0, 2, 2), new(3, 5, 5)];

    [Fact]
    public void Build_WhenRangesSkipAGap_TakesEachStationsSideOfEveryPairInOrder()
    {
        var alice = PairedBlockBuilder.Build(StationRole.Alice, "b-1", Alice, Ranges, alphabet: 10);
        var bob = PairedBlockBuilder.Build(StationRole.Bob, "b-1", Bob, Ranges, alphabet: 10);

        Assert.Equal(new byte[] { 2, 3, 5, 6, 7, 8, 9 }, alice.Settings.ToBytes());
        Assert.Equal(new byte[] { 0, 1, 3, 4, 5, 6, 7 }, bob.Settings.ToBytes());
        Assert.Equal(new byte[] { 2, 3, 1, 2, 3, 0, 1 }, alice.Clicks.ToBytes());
        Assert.Equal(alice.Rounds, bob.Rounds);
        Assert.Equal((2L, 0L), (alice.FirstRound, bob.FirstRound));
        Assert.Equal("b-1", bob.BlockId);
    }

    [Fact]
    public void Build_WhenTheBlockSpansManyPiecesAndRanges_EqualsCopyingEachPairInTurn()
    {
        // 300,000 rounds with every 1000th missing at Alice (Bob has them all, indices offset by 7): 300 ranges, and
        // ranges that start and end inside plane words.
        var random = new Random(3);
        var aliceRounds = Enumerable.Range(0, 300_000).Where(i => i % 1000 != 999).Select(i => 7L + i).ToArray();
        var bobRounds = Enumerable.Range(0, 300_000).Select(i => (long)i).ToArray();
        var alice = Block(aliceRounds, random, alphabet: 3);
        var bob = Block(bobRounds, random, alphabet: 2);
        var ranges = new List<AlignedRange>();
        for (int start = 0; start < 300_000; start += 1000)
            ranges.Add(new AlignedRange(start, start + 7, 999));

        var aliceBlock = PairedBlockBuilder.Build(StationRole.Alice, "b", alice, ranges, alphabet: 3);
        var bobBlock = PairedBlockBuilder.Build(StationRole.Bob, "b", bob, ranges, alphabet: 2);

        // Alice's rounds are exactly the kept ones, in order; Bob's are his rounds of each range.
        Assert.Equal(alice.Settings.ToBytes(), aliceBlock.Settings.ToBytes());
        Assert.Equal(alice.Clicks.ToBytes(), aliceBlock.Clicks.ToBytes());
        var bobExpected = ranges.SelectMany(r => bob.Settings.ToBytes().Skip((int)r.BobFirst).Take((int)r.Count)).ToArray();
        Assert.Equal(bobExpected, bobBlock.Settings.ToBytes());
    }

    [Fact]
    public void Build_WhenOneRangePairsEveryRound_SharesTheBlocksPlanes()
    {
        // Bob's rounds 0..7 have no gap; Alice's 0..9 lack 4, so a range as long as her block cannot cover it.
        var bob = PairedBlockBuilder.Build(StationRole.Bob, "b", Bob, [new AlignedRange(0, 2, 8)], alphabet: 10);

        Assert.Same(Bob.Settings, bob.Settings);
        Assert.Same(Bob.Clicks, bob.Clicks);
        Assert.Equal((0L, 8), (bob.FirstRound, bob.Rounds));
        Assert.Throws<ArgumentException>(() => PairedBlockBuilder.Build(StationRole.Alice, "b", Alice, [new AlignedRange(0, 0, 9)], alphabet: 10));
    }

    [Theory]
    [InlineData(false)] // a gap: the paired block copies the planes
    [InlineData(true)]  // every round paired: it shares them
    public void ReleaseRounds_AfterBuild_LeavesThePairedBlockWholeAndTheCutBlockOnlyItsDescriptor(bool everyRound)
    {
        // The pipeline releases the cut block as soon as its paired rounds are built, before the engine runs.
        var cut = everyRound ? Block([0, 1, 2, 3, 4, 5, 6, 7]) : Block([0, 1, 2, 3, 5, 6, 7, 8, 9]);
        var paired = PairedBlockBuilder.Build(everyRound ? StationRole.Bob : StationRole.Alice, "b", cut,
            everyRound ? [new AlignedRange(0, 2, 8)] : Ranges, alphabet: 10);
        byte[] settings = paired.Settings.ToBytes(), clicks = paired.Clicks.ToBytes();

        cut.ReleaseRounds();

        Assert.Equal(settings, paired.Settings.ToBytes());
        Assert.Equal(clicks, paired.Clicks.ToBytes());
        Assert.Equal(everyRound ? 8 : 9, cut.Count);
        Assert.Equal(0, cut.Descriptor.BlockId);
        var released = Assert.Throws<InvalidOperationException>(() => cut.Tags);
        Assert.Contains("released once paired", released.Message);
        Assert.Throws<InvalidOperationException>(() => cut.Settings);
        Assert.Throws<InvalidOperationException>(() => cut.Clicks);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReleaseTimeTags_BeforeBuild_PairsTheSameRounds(bool everyRound)
    {
        // Bob lets go of his time tags once they are sent; his pairing, later, reads the indices alone.
        ClosedBlock Cut() => everyRound ? Block([0, 1, 2, 3, 4, 5, 6, 7]) : Block([0, 1, 2, 3, 5, 6, 7, 8, 9]);
        IReadOnlyList<AlignedRange> ranges = everyRound ? [new AlignedRange(0, 2, 8)] : Ranges;
        var role = everyRound ? StationRole.Bob : StationRole.Alice;
        var kept = PairedBlockBuilder.Build(role, "b", Cut(), ranges, alphabet: 10);
        var cut = Cut();

        cut.ReleaseTimeTags();
        var paired = PairedBlockBuilder.Build(role, "b", cut, ranges, alphabet: 10);

        Assert.False(cut.Tags.HasTags);
        Assert.Equal(kept.Settings.ToBytes(), paired.Settings.ToBytes());
        Assert.Equal(kept.Clicks.ToBytes(), paired.Clicks.ToBytes());
        Assert.Equal(kept.FirstRound, paired.FirstRound);
    }

    [Fact]
    public void Build_WhenARangeReachesPastTheBlock_Throws() =>
        Assert.Throws<ArgumentException>(() => PairedBlockBuilder.Build(StationRole.Bob, "b", Bob, [new AlignedRange(5, 7, 5)], alphabet: 10));

    [Fact]
    public void Build_WhenARangeCoversAMissingRound_Throws() =>
        Assert.Throws<ArgumentException>(() => PairedBlockBuilder.Build(StationRole.Alice, "b", Alice, [new AlignedRange(0, 2, 4)], alphabet: 10));

    [Fact]
    public void Build_WhenTheBlocksAlphabetIsNotTheRoles_Throws() =>
        Assert.Throws<ArgumentException>(() => PairedBlockBuilder.Build(StationRole.Alice, "b", Alice, Ranges, alphabet: 3));

    private static ClosedBlock Block(long[] rounds) => new(
        new BlockDescriptor(0, 0, 0, 10, rounds.Length, 0, BlockEnd.Complete),
        BlockTags.From(rounds, rounds.Select(r => r * 100).ToArray()),
        SettingPlanes.FromBytes(rounds.Select(r => (byte)r).ToArray(), 10),
        ClickPlanes.FromBytes(rounds.Select(r => (byte)(r % 4)).ToArray()),
        "h", "1.0.0", false, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    private static ClosedBlock Block(long[] rounds, Random random, int alphabet) => new(
        new BlockDescriptor(0, 0, rounds[0], rounds[^1] + 1, rounds.Length, 0, BlockEnd.Complete),
        BlockTags.From(rounds, rounds.Select(r => r * 100).ToArray()),
        SettingPlanes.FromBytes(rounds.Select(_ => (byte)random.Next(alphabet)).ToArray(), alphabet),
        ClickPlanes.FromBytes(rounds.Select(_ => (byte)random.Next(256)).ToArray()),
        "h", "1.0.0", false, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
}
