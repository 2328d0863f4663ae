using CsCheck;
using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Tests.Support;

namespace QkdEdge.Distillation.Tests.Bits;

public class PackedBitsTests
{
    [Theory]
    [InlineData(0, 0, 0UL)]
    [InlineData(1, 0, 1UL)]
    [InlineData(63, 0, ulong.MaxValue >> 1)]
    [InlineData(64, 0, ulong.MaxValue)]
    [InlineData(64, 1, 0UL)]      // a word past the string
    [InlineData(130, 1, ulong.MaxValue)]
    [InlineData(130, 2, 3UL)]
    [InlineData(130, 5, 0UL)]
    public void WordMask_GivesTheBitsOfTheWordInsideTheString(long bits, int word, ulong expected)
    {
        Assert.Equal(expected, PackedBits.WordMask(bits, word));
    }

    [Fact]
    public void Copy_WhenOffsetsAreArbitrary_MovesExactlyTheRequestedBits()
    {
        Property.Check(Gen.Select(Gen.Int[0, 300], Gen.Int[0, 300], Gen.Int[0, 700], Gen.ULong), 300, seed: 7, input =>
        {
            var (from, to, count, seed) = input;
            var rng = new Xoshiro256StarStar(seed);
            var source = new ulong[16];
            var destination = new ulong[17];
            rng.Fill(source);
            rng.Fill(destination);
            var before = (ulong[])destination.Clone();
            PackedBits.Copy(source, from, destination, to, count);
            for (int i = 0; i < destination.Length * 64; i++)
            {
                bool expected = i >= to && i < to + count ? PackedBits.Get(source, from + i - to) : PackedBits.Get(before, i);
                Assert.Equal(expected, PackedBits.Get(destination, i));
            }
        });
    }

    [Fact]
    public void Append_WhenRunsOfAnyLengthAreAppended_ConcatenatesThemAfterTheStartBit()
    {
        Property.Check(Gen.Select(Gen.Int[0, 64].Array[0, 40], Gen.Int[0, 130], Gen.ULong), 200, seed: 8, input =>
        {
            var (lengths, start, seed) = input;
            var rng = new Xoshiro256StarStar(seed);
            var destination = new ulong[50];
            rng.Fill(destination);
            var before = (ulong[])destination.Clone();
            var expected = new List<bool>();
            var appender = new BitAppender(destination, start);
            foreach (int length in lengths)
            {
                ulong bits = length == 64 ? rng.NextUInt64() : rng.NextUInt64() & ((1UL << length) - 1);
                appender.Append(bits, length);
                for (int i = 0; i < length; i++)
                {
                    expected.Add(((bits >> i) & 1) != 0);
                }
            }

            appender.Flush();
            Assert.Equal(start + expected.Count, appender.Position);
            for (int i = 0; i < start; i++)
            {
                Assert.Equal(PackedBits.Get(before, i), PackedBits.Get(destination, i));
            }

            for (int i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i], PackedBits.Get(destination, start + i));
            }
        });
    }

    [Fact]
    public void AppendSelected_WhenMasksAreArbitrary_WritesWhatAppendingEachWordsSelectedBitsWrites()
    {
        // The sifter's bulk path against the word-at-a-time one, from any start bit, with empty and full masks among
        // random ones; then one more word through Append, so the state the bulk path leaves behind is checked too.
        // The reference gathers with the scalar form, so on a BMI2 processor this also checks PEXT against it.
        var masks = Gen.OneOf(Gen.Const(0UL), Gen.Const(ulong.MaxValue), Gen.ULong);
        Property.Check(Gen.Select(masks.Array[0, 40], Gen.Int[0, 130], Gen.ULong), 200, seed: 9, input =>
        {
            var (selection, start, seed) = input;
            var rng = new Xoshiro256StarStar(seed);
            var values = new ulong[selection.Length];
            rng.Fill(values);
            var bulk = new ulong[50];
            rng.Fill(bulk);
            var single = (ulong[])bulk.Clone();

            var bulkAppender = new BitAppender(bulk, start);
            bulkAppender.AppendSelected(values, selection);
            bulkAppender.Append(0b101, 3);
            bulkAppender.Flush();
            var singleAppender = new BitAppender(single, start);
            for (int i = 0; i < selection.Length; i++)
            {
                singleAppender.Append(BitGather.ExtractScalar(values[i], selection[i]), System.Numerics.BitOperations.PopCount(selection[i]));
            }

            singleAppender.Append(0b101, 3);
            singleAppender.Flush();
            Assert.Equal(singleAppender.Position, bulkAppender.Position);
            Assert.Equal(single, bulk);
        });
    }
}
