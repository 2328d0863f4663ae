namespace QkdEdge.Security.Tests;

public class BinaryEntropyTests
{
    // Handy values of the reference sheet, section 0.
    [Theory]
    [InlineData(0.01, 0.080793)]
    [InlineData(0.0144, 0.108721)]
    [InlineData(0.02, 0.141441)]
    [InlineData(0.025, 0.168661)]
    [InlineData(0.03, 0.194392)]
    [InlineData(0.05, 0.286397)]
    [InlineData(0.078, 0.395093)]
    public void Of_WhenSheetHandyValue_MatchesPrintedDigits(double p, double h) => Printed.Equal(h, 6, BinaryEntropy.Of(p));

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Of_WhenCertainOutcome_IsZero(double p) => Assert.Equal(0.0, BinaryEntropy.Of(p));

    [Fact]
    public void Of_WhenHalf_IsOneBit() => Assert.Equal(1.0, BinaryEntropy.Of(0.5), 15);

    [Theory]
    [InlineData(1e-9)]
    [InlineData(0.0144)]
    [InlineData(0.25)]
    [InlineData(0.4999)]
    public void Inverse_WhenAppliedToEntropy_ReturnsTheProbability(double p) =>
        Assert.True(Math.Abs(BinaryEntropy.Inverse(BinaryEntropy.Of(p)) - p) <= 1e-12 * Math.Max(1, 1 / Math.Sqrt(p)) + 1e-15);

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Of_WhenNotAProbability_Throws(double p) => Assert.Throws<ArgumentOutOfRangeException>(() => BinaryEntropy.Of(p));
}
