using CsCheck;
using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Reconciliation.Ldpc;
using QkdEdge.Distillation.Tests.Support;

namespace QkdEdge.Distillation.Tests.Reconciliation.Ldpc;

public class LayeredMinSumDecoderTests
{
    [Fact]
    public void Decode_WhenVectorAndScalarPathsRunOnTheSameFrame_ReturnTheSameWordAndIterations()
    {
        var code = TestCodes.Small;
        var vector = new LayeredMinSumDecoder(code, new MinSumOptions { UseVectors = true });
        var scalar = new LayeredMinSumDecoder(code, new MinSumOptions { UseVectors = false });
        Property.Check(Gen.Select(Gen.Double[0.005, 0.06], Gen.ULong), 12, seed: 11, input =>
        {
            var (q, seed) = input;
            var (_, received, syndrome) = TestCodes.Frame(code, q, seed);
            var llr = TestCodes.Quantised(received, code.BlockLength, 12);
            var a = new ulong[PackedBits.WordCount(code.BlockLength)];
            var b = new ulong[PackedBits.WordCount(code.BlockLength)];
            Assert.Equal(scalar.Decode(llr, syndrome, b), vector.Decode(llr, syndrome, a));
            Assert.Equal(b, a);
        });
    }

    [Fact]
    public void Decode_WhenTheSumProductReferenceDecodes_ReturnsTheReferencesWord()
    {
        // Q = 2 % is well inside both decoders' reach for this rate-0.75 code (capacity: h(Q) = 0.25 at Q = 4.2 %),
        // so both should decode every frame; the test fails if either does not, or if they disagree.
        var code = TestCodes.Small;
        var fast = new LayeredMinSumDecoder(code);
        var reference = new SumProductDecoder(code);
        for (ulong seed = 0; seed < 6; seed++)
        {
            const double q = 0.02;
            var (word, received, syndrome) = TestCodes.Frame(code, q, 100 + seed);
            var llr = TestCodes.Quantised(received, code.BlockLength, 12);
            double exact = Math.Log((1 - q) / q);
            var doubles = Enumerable.Range(0, code.BlockLength).Select(i => PackedBits.Get(received, i) ? -exact : exact).ToArray();
            var fastWord = new ulong[PackedBits.WordCount(code.BlockLength)];
            var referenceWord = new ulong[PackedBits.WordCount(code.BlockLength)];
            Assert.True(reference.Decode(doubles, syndrome, referenceWord, 100).Converged);
            Assert.True(fast.Decode(llr, syndrome, fastWord).Converged);
            Assert.Equal(referenceWord, fastWord);
            Assert.Equal(word, fastWord);
        }
    }

    [Fact]
    public void Decode_WhenResumedAfterAFailedAttempt_ConvergesToTheSenderWordOnceMoreIsKnown()
    {
        // First attempt: a third of the bits erased (channel value 0) and too many errors to decode; second
        // attempt: the erased bits become known. Resuming must then reach the same word as a cold start.
        var code = TestCodes.Small;
        var decoder = new LayeredMinSumDecoder(code);
        var (word, received, syndrome) = TestCodes.Frame(code, 0.03, 12);
        var known = TestCodes.Quantised(received, code.BlockLength, 12);
        var (erasedConverged, resumedConverged, output) = TestCodes.DecodeErasedThenResumed(decoder, code.BlockLength, word, known, syndrome);

        Assert.False(erasedConverged);
        Assert.True(resumedConverged);
        Assert.Equal(word, output);
    }
}
