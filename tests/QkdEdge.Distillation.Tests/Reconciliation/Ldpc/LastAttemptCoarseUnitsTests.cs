using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Measurement;
using QkdEdge.Distillation.Reconciliation;
using QkdEdge.Distillation.Reconciliation.Ldpc;

namespace QkdEdge.Distillation.Tests.Reconciliation.Ldpc;

public class LastAttemptCoarseUnitsTests
{
    private const double Q = 0.07;
    private const double Efficiency = 1.25;

    [Fact]
    public void Bob_WhenTheCodesOwnUnitsLeaveFramesStuck_DecodesThemInCoarserUnitsAtTheLastAttempt()
    {
        // The 100-row code at 6 units per nat, one attempt at f = 1.25 (so that attempt is the last): fixed seeds.
        var (family, decoder) = FamilyInUnits(6);
        var options = new ReconciliationOptions { AttemptScales = [1.0] };

        // Premise: in its own units the decoder loses some frames of this modulation, in 3 units none.
        Assert.True(DecodedFrames(family, decoder, seeds: 24) < 24);
        Assert.Equal(24, DecodedFrames(family, decoder with { LlrScale = LdpcBob.CoarseUnitsPerNat }, seeds: 24));

        const long bits = 1L << 17;
        var (aliceKey, bobKey) = CorrelatedKeys.Draw(bits, Q, 23);
        var plan = ReconciliationPlanner.Plan(family, bits, Q, options);
        var alice = new LdpcAlice(family, plan, aliceKey, [0x0123_4567_89AB_CDEFUL]);
        var bob = new LdpcBob(family, plan, bobKey, options);
        var report = bob.Receive(alice.Start());
        Assert.True(report.IsFinal);
        Assert.Null(alice.Respond(report));

        Assert.True(plan.Frames.Count >= 8);
        Assert.All(bob.DecodedFrames, Assert.True);
        Assert.InRange(bob.FramesDecodedInCoarseUnits, 1, plan.Frames.Count);
        Assert.True(alice.Verified);
        Assert.Equal(alice.ReconciledKey().Key, bob.ReconciledKey().Key);
    }

    [Fact]
    public void Bob_WhenTheCodeDecodesInCoarseUnitsAlready_HasNoSecondDecode()
    {
        // The same exchange in 3 units: a frame that fails is lost, never decoded a second time.
        var (family, _) = FamilyInUnits(LdpcBob.CoarseUnitsPerNat);
        var options = new ReconciliationOptions { AttemptScales = [1.0] };
        const long bits = 1L << 17;
        var (aliceKey, bobKey) = CorrelatedKeys.Draw(bits, Q, 23);
        var plan = ReconciliationPlanner.Plan(family, bits, Q, options);
        var bob = new LdpcBob(family, plan, bobKey, options);
        bob.Receive(new LdpcAlice(family, plan, aliceKey, [1UL]).Start());
        Assert.Equal(0, bob.FramesDecodedInCoarseUnits);
    }

    private static (LdpcCodeFamily Family, MinSumOptions Decoder) FamilyInUnits(int unitsPerNat)
    {
        var shipped = TestCodes.SmallFamily.Profiles.Single(p => p.Spec.BaseRows == 100);
        // Without the shipped channel bounds: this case is built on the error rate's own ratio in these units.
        var decoder = shipped.Decoder with { LlrScale = unitsPerNat, ChannelLlrFloor = null, ChannelLlrCeiling = null };
        return (new LdpcCodeFamily([shipped with { Decoder = decoder, TypicalEfficiency = Efficiency }], StandardLdpcCodes.Seed), decoder);
    }

    /// <summary>Frames modulated as the one-attempt plan does (shortened to f = 1.25, no padding), decoded with the last attempt's budget.</summary>
    private static int DecodedFrames(LdpcCodeFamily family, MinSumOptions decoder, int seeds)
    {
        var code = family.Code(0);
        int n = code.BlockLength;
        int key = (int)(code.CheckCount / (Efficiency * BinaryEntropy.Of(Q))) & ~63;
        var layout = family.Layout(0, 0, n - key);
        var lastAttempt = new LayeredMinSumDecoder(code, decoder with { MaxIterations = 120, StallLimit = 25 });
        int decoded = 0;
        for (int s = 0; s < seeds; s++)
        {
            var (alice, bob) = CorrelatedKeys.Draw(key, Q, (ulong)(1000 + s));
            var aliceFrame = new ulong[PackedBits.WordCount(n)];
            var bobFrame = new ulong[PackedBits.WordCount(n)];
            layout.Scatter(alice, 0, aliceFrame);
            layout.Scatter(bob, 0, bobFrame);
            var syndrome = new ulong[PackedBits.WordCount(code.CheckCount)];
            code.ComputeSyndrome(aliceFrame, syndrome);
            var llr = TestCodes.Quantised(bobFrame, n, decoder.ChannelMagnitudeFor(Q));
            foreach (int v in layout.ShortenedPositions)
            {
                llr[v] = sbyte.MaxValue;
            }

            var output = new ulong[PackedBits.WordCount(n)];
            if (lastAttempt.Decode(llr, syndrome, output).Converged && output.AsSpan().SequenceEqual(aliceFrame))
            {
                decoded++;
            }
        }

        return decoded;
    }
}
