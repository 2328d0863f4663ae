using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Sifting;
using QkdEdge.Distillation.Streaming;
using QkdEdge.Distillation.Tests.Support;

namespace QkdEdge.Distillation.Tests.Streaming;

public class StreamingSifterTests
{
    [Fact]
    public void Add_WhenABlockArrivesInChunks_GivesTheCountsAndKeyOfTheWholeBlock()
    {
        const long rounds = 40_000;
        var data = new RandomPlanes(rounds, seed: 6, extraWords: 0);
        var wholeKey = new ulong[PackedBits.WordCount(rounds)];
        var whole = Sifter.Sift(data.Planes, data.A, wholeKey, 0);

        var sifter = new StreamingSifter(expectedKeyBits: 10);
        foreach (int chunk in new[] { 64 * 7, 64 * 101, 64 * 3, 64 * 250 })
        {
            Feed(sifter, data, chunk);
        }

        Feed(sifter, data, 0);
        Assert.Equal(whole.Counts, sifter.Counts);
        Assert.Equal(whole.KeyBitsWritten, sifter.RawKeyBits);
        Assert.Equal(wholeKey.AsSpan(0, PackedBits.WordCount(whole.KeyBitsWritten)).ToArray(), sifter.RawKey.ToArray());
    }

    private static void Feed(StreamingSifter sifter, RandomPlanes data, int wordsHint)
    {
        // Chunks are whole words of the block; the remainder goes in the final call (wordsHint 0).
        int start = (int)(sifter.Rounds >> 6);
        int words = wordsHint == 0 ? PackedBits.WordCount(data.Rounds) - start : wordsHint / 64;
        long rounds = Math.Min((long)words * 64, data.Rounds - sifter.Rounds);
        var planes = new RoundPlanes(
            data.High.AsSpan(start, words), data.Low.AsSpan(start, words), data.Bob.AsSpan(start, words),
            data.A.AsSpan(start, words), data.B.AsSpan(start, words), data.Test.AsSpan(start, words), rounds);
        sifter.Add(planes, data.A.AsSpan(start, words));
    }
}
