using QkdEdge.Security.Asymptotic;

namespace QkdEdge.Security.Tests.Asymptotic;

public class NoisyPreprocessingTests
{
    // Reference sheet 1.3 test vectors.
    [Theory]
    [InlineData(2.7, 0.02, 0.0, 0.587042)]
    [InlineData(2.7, 0.02, 0.1, 0.330495)]
    public void Raw_WhenSheetVector_MatchesPrintedDigits(double s, double q, double flip, double expected) =>
        Printed.Equal(expected, 6, NoisyPreprocessing.Raw(s, q, flip));

    [Theory]
    [InlineData(0.0, 0.014614)]
    [InlineData(0.1, 0.039312)]
    [InlineData(0.057, 0.042462)]
    public void Raw_WhenSheetVisibility086_MatchesPrintedDigits(double flip, double expected) =>
        Printed.Equal(expected, 6, NoisyPreprocessing.Raw(Chsh.ValueForVisibility(0.86), Chsh.ErrorRateForVisibility(0.86), flip));

    [Fact]
    public void Raw_WhenNoFlip_EqualsPlainRate() => Assert.Equal(ChshKeyRate.Raw(2.6, 0.03), NoisyPreprocessing.Raw(2.6, 0.03, 0.0), 12);
}
