namespace QkdEdge.Firmware.Tests.Randomness;

/// <summary>The bounds the statistical tests rely on, against values that follow from the distribution itself.</summary>
public sealed class ChiSquareTests
{
    [Fact]
    public void CriticalValue_WhenTwoDegreesOfFreedom_IsMinusTwoLogOfTheProbability()
    {
        // With df = 2 the chi-square distribution is exponential with mean 2: P(X > x) = exp(-x/2).
        Assert.Equal(-2 * Math.Log(1e-6), ChiSquare.CriticalValue(1e-6, 2), 6);
    }

    [Fact]
    public void UpperTail_WhenFourDegreesOfFreedom_MatchesTheClosedForm()
    {
        double x = 9.4877; // the tabulated 5 % point of chi-square with 4 degrees of freedom
        Assert.Equal(0.05, ChiSquare.UpperTail(x, 4), 4);
    }
}
