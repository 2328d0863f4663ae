using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Measurement;
using QkdEdge.Distillation.Reconciliation.Ldpc;

namespace QkdEdge.Distillation.Tests.Reconciliation.Ldpc;

/// <summary>
/// A frame the exchange once dropped although every padding bit had been revealed: the short last frame of a
/// 2^19-bit key at Q = 2 % (code 2 of the standard family, 41,728 key bits, 3,761 padding and 20,047 shortened
/// bits). With everything but the key bits known its syndrome carries 1.8 times the key's entropy, so belief
/// propagation must decode it. The box-plus decoder reached the sender's word after five iterations, did not
/// notice (its per-layer count lagged), and its saturated 8-bit posteriors then collapsed to tens of thousands of
/// wrong bits. Code 2 has since taken another degree profile and the planner no longer leaves a short last frame,
/// so the test keeps the frame's modulation as a case of the property rather than the historical failure itself.
/// </summary>
public class RevealedFrameDecodeTests
{
    private const double ErrorRate = 0.02;
    private const int Code = 2;
    private const int PaddingBits = 3_761;
    private const int ShortenedBits = 20_047;
    private const long KeyOffset = 482_560;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Decode_WhenEveryPaddingBitOfTheShortLastFrameIsRevealed_ReturnsTheSendersWord(bool vectors)
    {
        var family = StandardLdpcCodes.Family;
        var layout = family.Layout(Code, PaddingBits, ShortenedBits);
        var code = layout.Code;
        int n = code.BlockLength;
        var (alice, bob) = CorrelatedKeys.Draw(1 << 19, ErrorRate, 100);

        // Alice's frame: key bits, shortened zeros, and each padding bit set so that its private check is 0.
        var word = new ulong[PackedBits.WordCount(n)];
        var syndrome = new ulong[PackedBits.WordCount(code.CheckCount)];
        layout.Scatter(alice, KeyOffset, word);
        code.ComputeSyndrome(word, syndrome);
        for (int j = 0; j < layout.PaddingBits; j++)
        {
            if (PackedBits.Get(syndrome, layout.PrivateChecks[j]))
            {
                PackedBits.Set(word, layout.PaddingPositions[j], true);
            }
        }

        code.ComputeSyndrome(word, syndrome);

        // Bob's channel values as his last attempt builds them: every padding value known.
        var options = new MinSumOptions { CheckNode = CheckNodeRule.BoxPlus, MaxIterations = 120, StallLimit = 25, UseVectors = vectors };
        var received = new ulong[PackedBits.WordCount(n)];
        layout.Scatter(bob, KeyOffset, received);
        var llr = TestCodes.Quantised(received, n, options.ChannelMagnitudeFor(ErrorRate));
        foreach (int v in layout.ShortenedPositions)
        {
            llr[v] = sbyte.MaxValue;
        }

        foreach (int v in layout.PaddingPositions)
        {
            llr[v] = PackedBits.Get(word, v) ? (sbyte)-sbyte.MaxValue : sbyte.MaxValue;
        }

        var decoded = new ulong[PackedBits.WordCount(n)];
        var outcome = new LayeredMinSumDecoder(code, options).Decode(llr, syndrome, decoded);
        Assert.True(outcome.Converged);
        Assert.Equal(word, decoded);
    }
}
