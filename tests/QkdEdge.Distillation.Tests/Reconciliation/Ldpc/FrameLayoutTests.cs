using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Reconciliation.Ldpc;

namespace QkdEdge.Distillation.Tests.Reconciliation.Ldpc;

public class FrameLayoutTests
{
    [Fact]
    public void PrivateChecks_WhenAllPaddingIsUsed_EachMeetsExactlyOnePaddingBit()
    {
        // The leak argument rests on this: a private check's syndrome bit can be zeroed by its padding bit alone.
        var family = TestCodes.SmallFamily;
        int capacity = family.PaddingCapacity(2);
        var layout = family.Layout(2, capacity, 0);
        var checks = layout.Code.ExpandChecks();
        var padding = new HashSet<int>(layout.PaddingPositions);
        for (int j = 0; j < layout.PaddingBits; j++)
        {
            var members = checks[layout.PrivateChecks[j]].Where(padding.Contains).ToArray();
            Assert.Equal([layout.PaddingPositions[j]], members);
        }
    }

    [Fact]
    public void ScatterThenGather_WhenKeyBitsArePlaced_ReturnsTheKeyAndLeavesOtherPositionsZero()
    {
        var family = TestCodes.SmallFamily;
        var layout = family.Layout(3, 700, 1500);
        var rng = new Xoshiro256StarStar(13);
        var key = new ulong[PackedBits.WordCount(layout.KeyBits + 100)];
        rng.Fill(key);
        var frame = new ulong[PackedBits.WordCount(family.FrameLength)];
        layout.Scatter(key, 100, frame);
        foreach (int p in layout.PaddingPositions.Concat(layout.ShortenedPositions))
        {
            Assert.False(PackedBits.Get(frame, p));
        }

        var back = new ulong[PackedBits.WordCount(layout.KeyBits)];
        layout.Gather(frame, back, 0);
        var expected = new ulong[back.Length];
        PackedBits.Copy(key, 100, expected, 0, layout.KeyBits);
        Assert.Equal(expected, back);
        Assert.Equal(family.FrameLength - 700 - 1500, layout.KeyBits);
    }

    [Fact]
    public void UnpackSentSyndrome_WhenPrivateChecksAreZero_RebuildsTheFullSyndrome()
    {
        var family = TestCodes.SmallFamily;
        var layout = family.Layout(1, 300, 0);
        var rng = new Xoshiro256StarStar(14);
        var syndrome = new ulong[PackedBits.WordCount(layout.Code.CheckCount)];
        rng.Fill(syndrome);
        PackedBits.ClearTail(syndrome, layout.Code.CheckCount);
        foreach (int c in layout.PrivateChecks)
        {
            PackedBits.Set(syndrome, c, false);
        }

        var sent = layout.PackSentSyndrome(syndrome);
        var rebuilt = new ulong[syndrome.Length];
        layout.UnpackSentSyndrome(sent, rebuilt);
        Assert.Equal(syndrome, rebuilt);
        Assert.Equal(layout.Code.CheckCount - 300, layout.SentSyndromeBits);
    }

    [Fact]
    public void Layout_WhenEveryBlockBringsNewModulations_KeepsABoundedNumber()
    {
        // Each block's key length gives new (padding, shortened) pairs; an unbounded cache grows for the life of the
        // station. A fresh family so that other tests' layouts do not count.
        var family = StandardLdpcCodes.CreateFamily(64);
        var first = family.Layout(1, 10, 20);
        Assert.Same(first, family.Layout(1, 10, 20));
        for (int i = 0; i < 3 * LdpcCodeFamily.CachedLayoutLimit; i++)
        {
            family.Layout(1, 10 + i, 20);
            Assert.True(family.CachedLayoutCount <= LdpcCodeFamily.CachedLayoutLimit, $"{family.CachedLayoutCount} layouts kept after {i + 1}.");
        }

        // The first layout was dropped; rebuilt, it is a new object with the same positions (both stations rely on it).
        var rebuilt = family.Layout(1, 10, 20);
        Assert.NotSame(first, rebuilt);
        Assert.Equal(first.PaddingPositions, rebuilt.PaddingPositions);
        Assert.Equal(first.ShortenedPositions, rebuilt.ShortenedPositions);
    }
}
