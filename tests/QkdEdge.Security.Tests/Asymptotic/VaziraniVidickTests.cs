using QkdEdge.Security.Asymptotic;

namespace QkdEdge.Security.Tests.Asymptotic;

public class VaziraniVidickTests
{
    // Reference sheet 2, derived relations: v = 0.98 -> shortfall 0.0070711, Q = 0.0100; v = 0.96 -> 0.0141421, 0.0200.
    [Theory]
    [InlineData(0.98, 0.0070711, 0.0100)]
    [InlineData(0.96, 0.0141421, 0.0200)]
    public void ChshShortfall_WhenDepolarised_MatchesSheet(double v, double shortfall, double q)
    {
        double w = Chsh.WinProbability(Chsh.ValueForVisibility(v));
        Printed.Equal(shortfall, 7, Chsh.MaxWinProbability - w);
        Printed.Equal(q, 4, Chsh.ErrorRateForVisibility(v));
        Assert.Equal(Chsh.MaxWinProbability - w, VaziraniVidick.ChshShortfallForErrorRate(Chsh.ErrorRateForVisibility(v)), 12);
    }

    [Fact]
    public void AbortThresholds_WhenOneToleranceUnderWhiteNoise_AgreementTestBindsFirst()
    {
        const double eta = VaziraniVidick.StatedNoiseTolerance;
        double q = eta * 0.9;                                  // agreement still passes (Q <= eta) ...
        double w = Chsh.MaxWinProbability - VaziraniVidick.ChshShortfallForErrorRate(q);
        Assert.True(1 - q >= VaziraniVidick.AgreementAbortThreshold(eta));
        Assert.True(w >= VaziraniVidick.ChshAbortThreshold(eta));
        double qFail = eta * 1.1;                              // ... and fails first as noise grows, while CHSH passes.
        Assert.True(1 - qFail < VaziraniVidick.AgreementAbortThreshold(eta));
        Assert.True(Chsh.MaxWinProbability - VaziraniVidick.ChshShortfallForErrorRate(qFail) >= VaziraniVidick.ChshAbortThreshold(eta));
    }

    [Fact]
    public void ChshForErrorRate_WhenZeroNoise_IsTsirelson() => Assert.Equal(2 * Math.Sqrt(2), VaziraniVidick.ChshForErrorRate(0), 12);
}
