using QkdEdge.Alignment;
using QkdEdge.Station.Pipeline;

namespace QkdEdge.Station.Tests.Pipeline;

public sealed class AlignmentStateTests
{
    private const long Period = 800;

    [Fact]
    public void Align_WhenABlockSpansSeveralChunksAndBobMissesATrigger_PairsEveryRoundBobHasAcrossTheChunks()
    {
        // Three and a half chunks of Alice's rounds; Bob's board misses the trigger Alice numbers 300,000 (in the third
        // chunk), so from there Alice = Bob + 1. The clocks have different origins. Fixed seed for the jitter (1.5 ticks,
        // far inside the aligner's tolerance at an 800-tick period). Until the next chunk started after Bob's last paired
        // round, the round Bob numbers 393,215 (the shift's chunk offered it under the old offset; it pairs with Alice's
        // first round of the next chunk) was lost.
        int n = (3 * AlignmentState.ChunkRounds) + (AlignmentState.ChunkRounds / 2);
        const long missed = 300_000;
        var random = new Random(7);
        var alice = new BlockTags.Builder(n);
        var bob = new BlockTags.Builder(n);
        for (long k = 0; k < n; k++)
        {
            alice.Add(k, 10_000_000 + (k * Period) + Jitter(random));
            if (k != missed)
                bob.Add(k < missed ? k : k - 1, -5_000_000 + (k * Period) + Jitter(random));
        }

        var result = new AlignmentState().Align(alice.Build(), bob.Build());

        Assert.Equal(AlignmentStatus.Aligned, result.Status);
        Assert.Equal(n - 1, result.PairedRounds);
        Assert.Equal(
            [new AlignedRange(0, 0, missed), new AlignedRange(missed, missed + 1, n - missed - 1)],
            result.Ranges);
        Assert.Equal((0L, 1L), (result.RefusedBobRounds, result.UnpairedAliceRounds));
        Assert.Equal(missed, Assert.Single(result.Shifts).BobRound);
    }

    [Fact]
    public void Align_WhenGivenArrayBackedSeries_GivesWhatTheCompactFormGives()
    {
        int n = AlignmentState.ChunkRounds + 1000;
        var random = new Random(8);
        var rounds = new long[n];
        var aliceTags = new long[n];
        var bobTags = new long[n];
        for (int k = 0; k < n; k++)
        {
            rounds[k] = k;
            aliceTags[k] = (k * Period) + Jitter(random);
            bobTags[k] = 123 + (k * Period) + Jitter(random);
        }

        var arrays = new AlignmentState().Align(new TagSeries(rounds, aliceTags), new TagSeries(rounds, bobTags));
        var compact = new AlignmentState().Align(BlockTags.From(rounds, aliceTags), BlockTags.From(rounds, bobTags));

        Assert.Equal(n, compact.PairedRounds);
        Assert.Equal(compact.Ranges, arrays.Ranges);
        Assert.Equal(compact.Clock, arrays.Clock);
    }

    private static long Jitter(Random random) => (long)Math.Round(1.5 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
