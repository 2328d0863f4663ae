using CsCheck;
using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Reconciliation.Ldpc;
using QkdEdge.Distillation.Tests.Support;

namespace QkdEdge.Distillation.Tests.Reconciliation.Ldpc;

public class BoxPlusDecoderTests
{
    private static readonly MinSumOptions BoxPlus = new() { CheckNode = CheckNodeRule.BoxPlus };

    private static sbyte[] Channel(ulong[] received, int length, MinSumOptions options, double q) =>
        TestCodes.Quantised(received, length, options.ChannelMagnitudeFor(q));

    [Fact]
    public void Decode_WhenVectorAndScalarPathsRunOnTheSameFrame_ReturnTheSameWordAndIterations()
    {
        var code = TestCodes.Small;
        var vector = new LayeredMinSumDecoder(code, BoxPlus);
        var scalar = new LayeredMinSumDecoder(code, BoxPlus with { UseVectors = false });
        Property.Check(Gen.Select(Gen.Double[0.005, 0.06], Gen.ULong), 12, seed: 21, input =>
        {
            var (q, seed) = input;
            var (_, received, syndrome) = TestCodes.Frame(code, q, seed);
            var llr = Channel(received, code.BlockLength, BoxPlus, q);
            var a = new ulong[PackedBits.WordCount(code.BlockLength)];
            var b = new ulong[PackedBits.WordCount(code.BlockLength)];
            Assert.Equal(scalar.Decode(llr, syndrome, b), vector.Decode(llr, syndrome, a));
            Assert.Equal(b, a);
        });
    }

    [Fact]
    public void Decode_WhenTheSumProductReferenceDecodes_ReturnsTheReferencesWord()
    {
        // Q = 2 % is well inside belief propagation's reach for this rate-0.75 code (capacity: h(Q) = 0.25 at
        // Q = 4.2 %), so both decoders should decode every frame; the test fails if either does not, or if they disagree.
        var code = TestCodes.Small;
        var fast = new LayeredMinSumDecoder(code, BoxPlus);
        var reference = new SumProductDecoder(code);
        for (ulong seed = 0; seed < 6; seed++)
        {
            const double q = 0.02;
            var (word, received, syndrome) = TestCodes.Frame(code, q, 200 + seed);
            double exact = Math.Log((1 - q) / q);
            var doubles = Enumerable.Range(0, code.BlockLength).Select(i => PackedBits.Get(received, i) ? -exact : exact).ToArray();
            var fastWord = new ulong[PackedBits.WordCount(code.BlockLength)];
            var referenceWord = new ulong[PackedBits.WordCount(code.BlockLength)];
            Assert.True(reference.Decode(doubles, syndrome, referenceWord, 100).Converged);
            Assert.True(fast.Decode(Channel(received, code.BlockLength, BoxPlus, q), syndrome, fastWord).Converged);
            Assert.Equal(referenceWord, fastWord);
            Assert.Equal(word, fastWord);
        }
    }

    [Fact]
    public void Decode_WhenResumedAfterAFailedAttempt_ConvergesToTheSenderWordOnceMoreIsKnown()
    {
        // First attempt: a third of the bits erased (channel value 0), too many unknowns to decode; second attempt:
        // the erased bits become known and the resumed decoder must reach the sender's word.
        const double q = 0.03;
        var code = TestCodes.Small;
        var decoder = new LayeredMinSumDecoder(code, BoxPlus);
        var (word, received, syndrome) = TestCodes.Frame(code, q, 12);
        var known = Channel(received, code.BlockLength, BoxPlus, q);
        var (erasedConverged, resumedConverged, output) = TestCodes.DecodeErasedThenResumed(decoder, code.BlockLength, word, known, syndrome);

        Assert.False(erasedConverged);
        Assert.True(resumedConverged);
        Assert.Equal(word, output);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    public void ChannelMagnitudeFor_WhenTheErrorRateIsOutOfRange_Throws(double q)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BoxPlus.ChannelMagnitudeFor(q));
    }

    [Fact]
    public void ChannelMagnitudeFor_WhenTheRatioIsBelowTheFloor_UsesTheFloor()
    {
        // Q = 5.6 %: ln(0.944 / 0.056) = 2.82 nat, 8.5 units of 1/3 nat, rounded down to 8; a floor of 3 nat gives 9.
        // Q = 4 %: 3.18 nat (9.5 units, 10) lies above the floor and keeps its own value.
        var floored = BoxPlus with { ChannelLlrFloor = 3.0 };
        Assert.Equal(8, BoxPlus.ChannelMagnitudeFor(0.056));
        Assert.Equal(9, floored.ChannelMagnitudeFor(0.056));
        Assert.Equal(BoxPlus.ChannelMagnitudeFor(0.04), floored.ChannelMagnitudeFor(0.04));
    }

    [Fact]
    public void ChannelMagnitudeFor_WhenTheRatioIsAboveTheCeiling_UsesTheCeiling()
    {
        // Quarter-nat units. Q = 6 %: 2.75 nat, 11 units; a ceiling of 2.5 nat gives 10. Q = 8 %: 2.44 nat (9.8 units,
        // 10) lies below the ceiling and keeps its own value.
        var quarters = BoxPlus with { LlrScale = 4 };
        var capped = quarters with { ChannelLlrCeiling = 2.5 };
        Assert.Equal(11, quarters.ChannelMagnitudeFor(0.06));
        Assert.Equal(10, capped.ChannelMagnitudeFor(0.06));
        Assert.Equal(quarters.ChannelMagnitudeFor(0.08), capped.ChannelMagnitudeFor(0.08));
    }

    [Fact]
    public void ChannelMagnitudeFor_WithAnOffset_ShiftsTheRatioBeforeRounding()
    {
        // Q = 0.5 %: ln(0.995 / 0.005) = 5.29 nat, 15.9 units of 1/3 nat (16); a third of a nat less gives 15, and a
        // floor still applies after the offset.
        var weaker = BoxPlus with { ChannelLlrOffset = -1.0 / 3 };
        Assert.Equal(16, BoxPlus.ChannelMagnitudeFor(0.005));
        Assert.Equal(15, weaker.ChannelMagnitudeFor(0.005));
        Assert.Equal(16, (weaker with { ChannelLlrFloor = 16.0 / 3 }).ChannelMagnitudeFor(0.005));
    }

    [Fact]
    public void Decoder_WhenTheChannelOffsetIsNotFinite_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LayeredMinSumDecoder(TestCodes.Small, BoxPlus with { ChannelLlrOffset = double.NaN }));
    }

    [Theory]
    [InlineData(0.0, null)]
    [InlineData(double.NaN, null)]
    [InlineData(null, -1.0)]
    [InlineData(3.0, 2.5)]
    public void Decoder_WhenTheChannelBoundsAreNotPositiveOrCross_Throws(double? floor, double? ceiling)
    {
        var options = BoxPlus with { ChannelLlrFloor = floor, ChannelLlrCeiling = ceiling };
        Assert.Throws<ArgumentOutOfRangeException>(() => new LayeredMinSumDecoder(TestCodes.Small, options));
    }

    [Fact]
    public void ChannelMagnitudeFor_WhenBoxPlus_IsTheScaledLogLikelihoodRatio()
    {
        // Q = 2 %: ln(0.98 / 0.02) = 3.89 nat, 11.7 units of 1/3 nat.
        Assert.Equal(12, BoxPlus.ChannelMagnitudeFor(0.02));
        Assert.Equal(MinSumOptions.Default.ChannelMagnitude, MinSumOptions.Default.ChannelMagnitudeFor(0.02));
    }
}
