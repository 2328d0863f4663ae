using QkdEdge.Distillation.Measurement;
using QkdEdge.Distillation.Reconciliation;
using QkdEdge.Distillation.Reconciliation.Ldpc;

namespace QkdEdge.Distillation.Tests.Reconciliation.Ldpc;

public class StandardLdpcCodesTests
{
    [Fact]
    public void Family_WhereCodesHoldTheirChannelValue_KeepsItAcrossTheirPlannedRange()
    {
        // The 70- and 84-row codes lost 0.005 to 0.045 in f where the error rate's own ratio rounds to one unit less
        // than at the rest of their range (above 4.25 % and 5.55 %), and the 100-row code decoded better with 10
        // quarter-nat units than with 11 from 6.2 to 6.7 %. Wherever the long-frame planner gives them a key, each
        // must now see one channel value (the 100-row code 9 units only above 8.5 %, where the ratio itself falls
        // below 9.5), and codes without bounds must keep the ratio's own value.
        var family = StandardLdpcCodes.LongFrameFamily;
        var seen = new Dictionary<int, HashSet<int>>();
        for (double q = 0.009; q <= 0.09; q += 0.0005)
        {
            var options = ReconciliationOptions.ForKey(StandardLdpcCodes.LongFrameMinimumKeyBits, q);
            if (ReconciliationPlanner.CodeFor(family, q, options) is not { } c)
            {
                continue;
            }

            var decoder = family.DecoderOptions[c];
            int rows = family.Specs[c].BaseRows;
            int magnitude = decoder.ChannelMagnitudeFor(q);
            if (!seen.TryGetValue(rows, out var magnitudes))
            {
                seen[rows] = magnitudes = [];
            }

            magnitudes.Add(magnitude);
            if (decoder.ChannelLlrFloor is null && decoder.ChannelLlrCeiling is null)
            {
                Assert.Equal((int)Math.Round(decoder.LlrScale * Math.Log((1 - q) / q)), magnitude);
            }
        }

        Assert.Equal(new[] { 13 }, seen[70]);
        Assert.Equal(new[] { 9 }, seen[84]);
        Assert.Equal(new[] { 9, 10 }, seen[100].Order());
    }

    [Fact]
    public void Family_WhenLifted_HasNoCycleOfDegreeTwoBits()
    {
        // Bits of degree 2 that close a cycle through their checks form a codeword of that cycle's length: a decoder
        // can converge to a wrong word that differs only there, and verification then discards the whole block.
        // The staircase alone forms paths; a published degree profile with more degree-2 columns than base rows
        // minus one would close cycles. Checked on every code of the family at circulants of 64, joining the two
        // checks of each degree-2 bit in a union-find: a bit whose checks are already joined closes a cycle.
        var family = TestCodes.SmallFamily;
        for (int c = 0; c < family.Count; c++)
        {
            var code = family.Code(c);
            var checksOfBit = new List<int>[code.BlockLength];
            var checks = code.ExpandChecks();
            for (int check = 0; check < checks.Length; check++)
            {
                foreach (int bit in checks[check])
                {
                    (checksOfBit[bit] ??= []).Add(check);
                }
            }

            var parent = Enumerable.Range(0, code.CheckCount).ToArray();
            int Root(int x)
            {
                while (parent[x] != x)
                {
                    x = parent[x] = parent[parent[x]];
                }

                return x;
            }

            int degreeTwoBits = 0;
            foreach (var bitChecks in checksOfBit)
            {
                if (bitChecks is not { Count: 2 })
                {
                    continue;
                }

                degreeTwoBits++;
                int a = Root(bitChecks[0]);
                int b = Root(bitChecks[1]);
                Assert.NotEqual(a, b);
                parent[a] = b;
            }

            Assert.True(degreeTwoBits > 0);
        }
    }

    [Fact]
    public void ForKey_FromTheLongFrameThresholdOn_GivesTheSameProfilesInFourTimesLongerFrames()
    {
        Assert.Same(StandardLdpcCodes.Family, StandardLdpcCodes.ForKey(StandardLdpcCodes.LongFrameMinimumKeyBits - 1));
        Assert.Same(StandardLdpcCodes.LongFrameFamily, StandardLdpcCodes.ForKey(StandardLdpcCodes.LongFrameMinimumKeyBits));
        var standard = StandardLdpcCodes.Family;
        var lengthened = StandardLdpcCodes.LongFrameFamily;
        Assert.Equal(65_536, standard.FrameLength);
        Assert.Equal(262_144, lengthened.FrameLength);

        // At least 16 long frames: the planner's even spread then leaves no frame more than a sixteenth emptier.
        Assert.True(StandardLdpcCodes.LongFrameMinimumKeyBits >= 16L * lengthened.FrameLength);
        Assert.Equal(standard.Count, lengthened.Count);
        for (int c = 0; c < standard.Count; c++)
        {
            Assert.Equal(standard.Specs[c].BaseRows, lengthened.Specs[c].BaseRows);
            Assert.Equal(standard.Specs[c].InformationColumnDegrees, lengthened.Specs[c].InformationColumnDegrees);
            Assert.Equal(standard.DecoderOptions[c], lengthened.DecoderOptions[c]);
            // Long frames start only the 42-row code's schedule higher (its frames decode just above 1.09 there).
            double expected = standard.Specs[c].BaseRows == 42 ? 1.10 : standard.Profiles[c].TypicalEfficiency;
            Assert.Equal(expected, lengthened.Profiles[c].TypicalEfficiency);
        }

        Assert.Equal(1.09, standard.Profiles.Single(p => p.Spec.BaseRows == 42).TypicalEfficiency);
    }

    [Fact]
    public void LongFrameFamily_WhenAKeyFillsOneFrame_ReconcilesItInOneFrame()
    {
        // One long frame at Q = 3 % (fixed seed): the 262,144-bit codes decode and verify like the standard ones.
        const double q = 0.03;
        var family = StandardLdpcCodes.LongFrameFamily;
        long bits = ReconciliationPlanner.Plan(family, 1L << 22, q, ReconciliationOptions.Default).Frames[0].KeyBits;
        var (alice, bob) = CorrelatedKeys.Draw(bits, q, 31);
        var report = LdpcReconciliation.RunInProcess(family, alice, bob, bits, q, ReconciliationOptions.Default, [0x0123_4567_89AB_CDEFUL]);
        Assert.Single(report.Plan.Frames);
        Assert.True(report.Verified);
        Assert.Equal(0, report.FailedFrames);
        Assert.Equal(report.AliceKey, report.BobKey);
        Assert.Equal(bits, report.ReconciledBits);
        Assert.True(bits > family.FrameLength / 2);
    }
}
