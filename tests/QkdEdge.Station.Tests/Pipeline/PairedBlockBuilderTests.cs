using QkdEdge.Alignment;
using QkdEdge.Archive;
using QkdEdge.Protocol.Engine;
using QkdEdge.Station.Blocks;
using QkdEdge.Station.Pipeline;

namespace QkdEdge.Station.Tests.Pipeline;

public sealed class PairedBlockBuilderTests
{
    // Alice has rounds 0..9 except 4; Bob's indices run 2 behind (Alice = Bob + 2).
    private static readonly ClosedBlock Alice = Block([0, 1, 2, 3, 5, 6, 7, 8, 9]);
    private static readonly ClosedBlock Bob = Block([0, 1, 2, 3, 4, 5, 6, 7]);
    private static readonly AlignedRange[] Ranges = [new(0, 2, 2), new(3, 5, 5)];

    [Fact]
    public void Build_WhenRangesSkipAGap_TakesEachStationsSideOfEveryPairInOrder()
    {
        var alice = PairedBlockBuilder.Build(StationRole.Alice, "b-1", Alice, Ranges);
        var bob = PairedBlockBuilder.Build(StationRole.Bob, "b-1", Bob, Ranges);

        // Settings encode the round index: pair i of Alice's block is Alice's round, of Bob's block Bob's round.
        Assert.Equal(new byte[] { 2, 3, 5, 6, 7, 8, 9 }, alice.Settings);
        Assert.Equal(new byte[] { 0, 1, 3, 4, 5, 6, 7 }, bob.Settings);
        Assert.Equal(alice.Rounds, bob.Rounds);
        Assert.Equal((2L, 0L), (alice.FirstRound, bob.FirstRound));
        Assert.Equal("b-1", bob.BlockId);
    }

    [Fact]
    public void Build_WhenARangeReachesPastTheBlock_Throws() =>
        Assert.Throws<ArgumentException>(() => PairedBlockBuilder.Build(StationRole.Bob, "b", Bob, [new AlignedRange(5, 7, 5)]));

    [Fact]
    public void Build_WhenARangeCoversAMissingRound_Throws() =>
        Assert.Throws<ArgumentException>(() => PairedBlockBuilder.Build(StationRole.Alice, "b", Alice, [new AlignedRange(0, 2, 4)]));

    private static ClosedBlock Block(long[] rounds) => new(
        new BlockDescriptor(0, 0, 0, 10, rounds.Length, 0, BlockEnd.Complete),
        BlockTags.From(rounds, rounds.Select(r => r * 100).ToArray()),
        rounds.Select(r => (byte)r).ToArray(),
        rounds.Select(r => (byte)(r % 4)).ToArray(),
        "h", "1.0.0", false, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
}
