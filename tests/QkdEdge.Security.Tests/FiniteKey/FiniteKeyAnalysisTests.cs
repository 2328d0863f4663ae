using QkdEdge.Security.FiniteKey;

namespace QkdEdge.Security.Tests.FiniteKey;

public class FiniteKeyAnalysisTests
{
    private static readonly EatSecurityParameters Eps = EatSecurityParameters.ForSoundness(1e-10, 1e-2);

    private static KeyLengthRequest Request(double leak = 1.5e8, long? wins = null, double threshold = 0.836, double gamma = 0.02) =>
        new(1_000_000_000, gamma, threshold, leak, Eps, ObservedWins: wins);

    [Fact]
    public void ComputeKeyLength_WhenHonestBlock_YieldsKeyWithConsistentBreakdown()
    {
        var result = FiniteKeyAnalysis.ComputeKeyLength(Request());
        Assert.False(result.IsAbort);
        var b = result.Breakdown!;
        double hmin = b.AccumulatedEntropyBits - b.SecondOrderBits - b.SmoothingBits - b.HigherOrderBits - b.TestOutputBits
                      - b.TestOutputSecondOrderBits - b.ChainRuleBits;
        Assert.Equal(hmin, b.MinEntropyBits, 1e-6 * hmin);
        Assert.Equal(b.MinEntropyBits - b.LeakedBits - b.PrivacyAmplificationBits, b.KeyLengthReal, 1e-6);
        Assert.Equal((long)Math.Floor(b.KeyLengthReal), result.KeyLengthBits);
    }

    [Fact]
    public void ComputeKeyLength_WhenLeakGrows_KeyShrinksByExactlyTheExtraBits()
    {
        var a = FiniteKeyAnalysis.ComputeKeyLength(Request(leak: 1.5e8));
        var b = FiniteKeyAnalysis.ComputeKeyLength(Request(leak: 1.5e8 + 12345));
        Assert.Equal(a.Breakdown!.KeyLengthReal - 12345, b.Breakdown!.KeyLengthReal, 1e-3);
    }

    [Fact]
    public void ComputeKeyLength_WhenFewerWinsThanThreshold_AbortsWithChshTestFailed()
    {
        var request = Request(wins: 1);
        var result = FiniteKeyAnalysis.ComputeKeyLength(request with { ObservedWins = request.RequiredWins - 1 });
        Assert.Equal(AbortReason.ChshTestFailed, result.Reason);
        Assert.True(result.IsAbort);
        Assert.False(FiniteKeyAnalysis.ComputeKeyLength(request with { ObservedWins = request.RequiredWins }).IsAbort);
    }

    [Fact]
    public void ComputeKeyLength_WhenThresholdAtLocalBound_AbortsWithoutKey() =>
        Assert.Equal(AbortReason.ThresholdNotAboveLocalBound, FiniteKeyAnalysis.ComputeKeyLength(Request(threshold: 0.75)).Reason);

    [Fact]
    public void ComputeKeyLength_WhenLeakExceedsEntropy_AbortsWithKeyLengthNotPositive()
    {
        var result = FiniteKeyAnalysis.ComputeKeyLength(Request(leak: 1e9));
        Assert.Equal(AbortReason.KeyLengthNotPositive, result.Reason);
        Assert.True(result.KeyLengthBits <= 0);
    }

    [Fact]
    public void TryComputeKeyLength_WhenGammaOutOfRange_ReturnsFalseNamingIt()
    {
        Assert.False(FiniteKeyAnalysis.TryComputeKeyLength(Request(gamma: 1.5), out var result, out var error));
        Assert.Null(result);
        Assert.Contains("gamma", error);
        Assert.Throws<ArgumentException>(() => FiniteKeyAnalysis.ComputeKeyLength(Request(gamma: 1.5)));
    }

    [Fact]
    public void TryComputeKeyLength_WhenEpsOutOfRange_ReturnsFalseNamingIt()
    {
        var request = Request() with { Security = Eps with { PrivacyAmplification = 0 } };
        Assert.False(FiniteKeyAnalysis.TryComputeKeyLength(request, out _, out var error));
        Assert.Contains("eps_PA", error);
    }

    [Fact]
    public void ComputeKeyLength_WhenBest_IsAtLeastEachBound()
    {
        long best = FiniteKeyAnalysis.ComputeKeyLength(Request()).KeyLengthBits;
        long original = FiniteKeyAnalysis.ComputeKeyLength(Request() with { Analysis = EatAnalysis.Original }).KeyLengthBits;
        long improved = FiniteKeyAnalysis.ComputeKeyLength(Request() with { Analysis = EatAnalysis.Improved }).KeyLengthBits;
        Assert.Equal(Math.Max(original, improved), best);
    }

    [Theory]
    [InlineData(100_000_000L, 0.1, 0.84, 0.83)]
    [InlineData(10_000_000L, 0.2, 0.832, 0.80)]
    [InlineData(1_000_000_000_000L, 0.01, 0.837, 0.835)]
    public void Original_WhenComparedWithSheetAtSameParameters_IsNeverLonger(long n, double gamma, double pThr, double pt)
    {
        // The corrections (eps_s/4 in the EAT term, eps_EA in the test-output term) only add penalty.
        var sheet = ReferenceSheetEat.Evaluate(n, gamma, pThr, pt, EatSecurityParameters.ReferenceSheet, 0);
        var production = OriginalEatBound.Evaluate(n, gamma, pThr, pt, EatSecurityParameters.ReferenceSheet, 0);
        Assert.True(production.KeyLengthReal < sheet.KeyLengthReal);
    }

    [Fact]
    public void Improved_WhenShiftIsZero_VarianceIsTheUnshiftedMaximum()
    {
        // With no shift Var_p(f) = s^2 p (1 - gamma p)/gamma, maximal at the largest achievable p for small gamma.
        const double s = 10, gamma = 0.05;
        double p = Chsh.MaxWinProbability;
        Assert.Equal(s * s * p * (1 - gamma * p) / gamma, ImprovedEatBound.MaxVariance(s, gamma, 0), 9);
        Assert.True(ImprovedEatBound.MaxVariance(s, gamma, 0.5) < ImprovedEatBound.MaxVariance(s, gamma, 0) / 3);
    }
}
