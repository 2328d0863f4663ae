using QkdEdge.Distillation.Reconciliation.Ldpc;
using QkdEdge.Protocol.Reconciliation;

namespace QkdEdge.Protocol.Tests.Reconciliation;

public sealed class DiQkdLdpcCodesTests
{
    [Fact]
    public void HighRateCodes_TakeTheChannelValueOneUnitBelowTheRatioAndTheStandardCodesKeepTheirOwn()
    {
        // The engine's 12-, 16- and 20-row codes decoded with lower f one unit (a third of a nat) below the error
        // rate's rounded ratio; the standard codes keep the values StandardLdpcCodes tuned, in both frame lengths.
        const double q = 0.005;
        int ratio = (int)Math.Round(3 * Math.Log((1 - q) / q));
        foreach (var family in new[] { DiQkdLdpcCodes.Family, DiQkdLdpcCodes.LongFrameFamily })
        {
            var standard = family == DiQkdLdpcCodes.Family ? StandardLdpcCodes.Family : StandardLdpcCodes.LongFrameFamily;
            for (int c = 0; c < family.Count; c++)
            {
                int rows = family.Specs[c].BaseRows;
                int magnitude = family.DecoderOptions[c].ChannelMagnitudeFor(q);
                if (rows is 12 or 16 or 20)
                {
                    Assert.Equal(3, family.DecoderOptions[c].LlrScale);
                    Assert.Equal(ratio - 1, magnitude);
                }
                else
                {
                    var own = standard.Profiles.Single(p => p.Spec.BaseRows == rows);
                    Assert.Equal(own.Decoder.ChannelMagnitudeFor(q), magnitude);
                }
            }
        }
    }
}
