using QkdEdge.Security.Asymptotic;

namespace QkdEdge.Security.Tests.Asymptotic;

public class ChshKeyRateTests
{
    private static readonly double Tsirelson = 2 * Math.Sqrt(2);

    // Reference sheet Table 1.1: raw 1 - h(Q) - h((1 + sqrt((S/2)^2 - 1))/2).
    public static TheoryData<double, double, double> Table11 => new()
    {
        { 2.0, 0.0, 0.000000 }, { 2.0, 0.01, -0.080793 }, { 2.0, 0.02, -0.141441 }, { 2.0, 0.05, -0.286397 },
        { 2.3, 0.0, 0.247102 }, { 2.3, 0.01, 0.166309 }, { 2.3, 0.02, 0.105662 }, { 2.3, 0.05, -0.039295 },
        { 2.5, 0.0, 0.456436 }, { 2.5, 0.01, 0.375642 }, { 2.5, 0.02, 0.314995 }, { 2.5, 0.05, 0.170039 },
        { 2.6, 0.0, 0.581580 }, { 2.6, 0.01, 0.500787 }, { 2.6, 0.02, 0.440139 }, { 2.6, 0.05, 0.295183 },
        { 2.7, 0.0, 0.728482 }, { 2.7, 0.01, 0.647689 }, { 2.7, 0.02, 0.587042 }, { 2.7, 0.05, 0.442085 },
        { 2.8, 0.0, 0.918531 }, { 2.8, 0.01, 0.837738 }, { 2.8, 0.02, 0.777091 }, { 2.8, 0.05, 0.632134 },
        { Tsirelson, 0.0, 1.000000 }, { Tsirelson, 0.01, 0.919207 }, { Tsirelson, 0.02, 0.858559 }, { Tsirelson, 0.05, 0.713603 },
    };

    [Theory]
    [MemberData(nameof(Table11))]
    public void Raw_WhenSheetTable11_MatchesPrintedDigits(double s, double q, double expected) => Printed.Equal(expected, 6, ChshKeyRate.Raw(s, q));

    [Theory]
    [InlineData(2.0)]
    [InlineData(1.5)]
    [InlineData(-1.0)]
    public void Rate_WhenNoBellViolation_IsZero(double s) => Assert.Equal(0.0, ChshKeyRate.Rate(s, 0.0));

    [Theory]
    [InlineData(0.01, 2.10703)]
    [InlineData(0.02, 2.18136)]
    [InlineData(0.05, 2.34091)]
    public void MinimumChshForPositiveRate_WhenSheetRow_MatchesPrintedDigits(double q, double s) =>
        Printed.Equal(s, 5, ChshKeyRate.MinimumChshForPositiveRate(q));

    // Reference sheet Table 1.2 (depolarised singlet).
    [Theory]
    [InlineData(1.00, 1.000000)]
    [InlineData(0.99, 0.873454)]
    [InlineData(0.98, 0.776598)]
    [InlineData(0.97, 0.690851)]
    [InlineData(0.96, 0.612291)]
    [InlineData(0.95, 0.539062)]
    [InlineData(0.94, 0.470078)]
    [InlineData(0.93, 0.404621)]
    public void RawForVisibility_WhenSheetTable12_MatchesPrintedDigits(double v, double r) => Printed.Equal(r, 6, ChshKeyRate.RawForVisibility(v));

    [Fact]
    public void RawForVisibility_WhenSheetNoiseThreshold_CrossesZero()
    {
        // Sheet 1.2: r = 0 at v = 0.857016, i.e. Q = 7.149 %, S = 2.42401, w = 0.80300.
        Assert.True(ChshKeyRate.RawForVisibility(0.857016 + 1e-6) > 0);
        Assert.True(ChshKeyRate.RawForVisibility(0.857016 - 1e-6) < 0);
        Printed.Equal(2.42401, 5, Chsh.ValueForVisibility(0.857016));
        Printed.Equal(0.80300, 5, Chsh.WinProbability(Chsh.ValueForVisibility(0.857016)));
    }

    [Theory]
    [InlineData(0.80, 8.33851)]
    [InlineData(0.83, 11.48966)]
    [InlineData(0.84, 13.62732)]
    public void Derivative_WhenSheetCheckValue_MatchesPrintedDigits(double w, double slope) => Printed.Equal(slope, 5, ChshEntropyBound.Derivative(w));

    [Fact]
    public void Derivative_WhenComparedWithFiniteDifference_Agrees()
    {
        const double w = 0.82, step = 1e-6;
        double numeric = (ChshEntropyBound.OfWinProbability(w + step) - ChshEntropyBound.OfWinProbability(w - step)) / (2 * step);
        Assert.Equal(numeric, ChshEntropyBound.Derivative(w), 6);
    }

    [Fact]
    public void OfWinProbability_WhenSheetCheckValue_MatchesPrintedDigits() => Printed.Equal(0.761705, 6, ChshEntropyBound.OfWinProbability(0.84));

    [Fact]
    public void IsInValidityRange_WhenAboveTsirelson_IsFalse() => Assert.False(ChshKeyRate.IsInValidityRange(2.9, 0.01));
}
