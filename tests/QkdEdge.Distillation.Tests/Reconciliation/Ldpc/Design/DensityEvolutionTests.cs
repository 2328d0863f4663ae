using QkdEdge.Distillation.Reconciliation;
using QkdEdge.Distillation.Reconciliation.Ldpc;
using QkdEdge.Distillation.Reconciliation.Ldpc.Design;

namespace QkdEdge.Distillation.Tests.Reconciliation.Ldpc.Design;

public class DensityEvolutionTests
{
    private static readonly LlrDensityGrid Grid = new();

    [Theory]
    [InlineData(3, 6, 0.084)]
    [InlineData(3, 4, 0.167)]
    [InlineData(4, 8, 0.076)]
    public void RegularEnsemble_Threshold_MatchesPublishedValue(int bitDegree, int checkDegree, double published)
    {
        // Belief-propagation thresholds of regular ensembles on the binary symmetric channel as tabulated by
        // Richardson and Urbanke (Modern Coding Theory), three digits: the grid's rounding must not move them by more
        // than the last digit.
        var ensemble = DegreeDistributionEnsemble.Regular(bitDegree, checkDegree);
        double threshold = BeliefPropagationThreshold.Bisect(q => ensemble.Converges(Grid, q), 0.02, 0.2, 12);
        Assert.InRange(threshold, published - 0.001, published + 0.001);
    }

    [Fact]
    public void PublishedIrregularEnsemble_DecodesJustBelowItsThresholdAndNotJustAbove()
    {
        // Elkouss, Leverrier, Alleaume and Boutros (2009), Table I: the rate-0.70 ensemble optimised for the binary
        // symmetric channel, threshold 0.0504 by their discretised density evolution.
        var ensemble = new DegreeDistributionEnsemble(
            [(2, 0.05343), (3, 0.29406), (6, 0.00896), (9, 0.15571), (12, 0.12189), (25, 0.19872), (46, 0.09572), (62, 0.02741), (65, 0.04056), (73, 0.00354)],
            [(20, 0.76922), (21, 0.23077)]);
        Assert.InRange(ensemble.DesignRate, 0.699, 0.701);
        Assert.True(ensemble.Converges(Grid, 0.0495));
        Assert.False(ensemble.Converges(Grid, 0.0515));
    }

    [Fact]
    public void ShippedHighRateCode_DecodesBelowItsThresholdButNeverAtTheShannonLimit()
    {
        // The 24-row code (rate 0.906): no ensemble decodes at the error rate whose entropy equals its redundancy, so
        // an evolution that claimed it would be wrong (one that dropped tiny masses without renormalising did: the
        // missing mass compounded over iterations, and (3,6) "decoded" at 0.127, above its limit of 0.110).
        var ensemble = StaircaseEnsemble.Of(StandardLdpcCodes.Family.Specs[0]);
        Assert.Equal(24, ensemble.BaseRows);
        double limit = BeliefPropagationThreshold.ShannonLimit(ensemble.DesignRate);
        Assert.InRange(BinaryEntropy.Of(limit), 24 / 256.0 - 1e-9, 24 / 256.0 + 1e-9);
        Assert.True(ensemble.Converges(Grid, 0.0100, FrameModulation.None));
        Assert.False(ensemble.Converges(Grid, limit, FrameModulation.None));
    }

    [Fact]
    public void Modulation_ShorteningHelpsAndPuncturingHurts()
    {
        // Shortened and revealed bits are known to the decoder: an error rate the full frame cannot take decodes once
        // half the frame is shortened. Punctured padding removes information: an error rate the full frame takes
        // fails once every candidate (every other staircase column) is erased.
        var ensemble = StaircaseEnsemble.Of(StandardLdpcCodes.Family.Specs[0]);
        Assert.False(ensemble.Converges(Grid, 0.0115, FrameModulation.None));
        Assert.True(ensemble.Converges(Grid, 0.0115, new FrameModulation(0, 1, 0.5)));
        Assert.True(ensemble.Converges(Grid, 0.0100, FrameModulation.None));
        Assert.False(ensemble.Converges(Grid, 0.0100, new FrameModulation(1, 0, 0)));
    }

    [Fact]
    public void ExchangeFloor_AtOnePercent_LiesBetweenTheShannonLimitAndTheLastAttempt()
    {
        // The planner's frame at Q = 1 % (24 rows, padding and shortening) needs some of its padding revealed before
        // density evolution decodes it; the floor is what Alice has disclosed by then, per key bit and h(Q).
        var family = StandardLdpcCodes.Family;
        var floor = CodeFamilyAnalysis.AtErrorRate(family, 0.01, 1 << 20, ReconciliationOptions.Default, Grid);
        Assert.Equal(24, floor.BaseRows);
        Assert.NotNull(floor.RevealedBits);
        Assert.InRange(floor.RevealedBits!.Value, 1, floor.PaddingBits);
        double h = BinaryEntropy.Of(0.01);
        int m = 24 * 256;
        Assert.Equal((m - floor.PaddingBits + floor.RevealedBits.Value) / (floor.KeyBits * h), floor.Efficiency!.Value, 12);
        Assert.True(floor.Efficiency > 1 && floor.Efficiency > floor.FirstAttemptEfficiency);
        Assert.True(floor.Efficiency < m / (floor.KeyBits * h));
    }

    [Fact]
    public void Channel_HasTheErrorRateAsWrongSignProbability_AndOperationsKeepMass()
    {
        var channel = Grid.BinarySymmetric(0.03);
        Assert.Equal(0.03, Grid.ErrorProbability(channel), 12);
        var boxed = Grid.BoxPlus(channel, channel);
        var summed = Grid.Sum(channel, channel);
        Assert.Equal(1.0, boxed.Sum(), 12);
        Assert.Equal(1.0, summed.Sum(), 12);

        // Two independent observations: a check of two bits is wrong when exactly one is (2p(1-p)); the sum of two
        // equal channel values is wrong when both are, and undecided (LLR 0, counted half) when exactly one is.
        Assert.Equal(2 * 0.03 * 0.97, Grid.ErrorProbability(boxed), 9);
        Assert.Equal((0.03 * 0.03) + (0.5 * 2 * 0.03 * 0.97), Grid.ErrorProbability(summed), 9);
    }

    [Fact]
    public void FrameModulation_Of_SplitsPaddingAndShortening()
    {
        var m = FrameModulation.Of(frameBits: 1000, candidateBits: 100, paddingBits: 40, revealedBits: 10, shortenedBits: 96);
        Assert.Equal(0.30, m.ErasedCandidates, 12);
        Assert.Equal(0.10, m.KnownCandidates, 12);
        Assert.Equal(0.10, m.Shortened, 12);
        Assert.Throws<ArgumentException>(() => FrameModulation.Of(1000, 100, 120, 0, 0));
        Assert.Throws<ArgumentException>(() => FrameModulation.Of(1000, 100, 40, 41, 0));
    }

    [Fact]
    public void Ensembles_RejectDegreesThatCannotExist()
    {
        Assert.Throws<ArgumentException>(() => new StaircaseEnsemble(24, 256, Enumerable.Repeat(3, 232).ToArray()));
        Assert.Throws<ArgumentException>(() => new StaircaseEnsemble(24, 256, Enumerable.Repeat(25, 233).ToArray()));
        Assert.Throws<ArgumentException>(() => new DegreeDistributionEnsemble([(1, 1.0)], [(6, 1.0)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Grid.BinarySymmetric(0.5));
    }
}
