using QkdEdge.Security.Planning;

namespace QkdEdge.Security.Tests.Planning;

public class DetectionModelTests
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(0.98)]
    [InlineData(0.9)]
    public void ChshValue_WhenPerfectDetectors_IsTwoSqrtTwoV(double v)
    {
        Assert.Equal(2 * Math.Sqrt(2) * v, DetectionModel.ChshValue(v, 1, 1, 0), 12);
        Assert.Equal((1 - v) / 2, DetectionModel.ErrorRate(v, 1, 1, 0), 12);
    }

    [Theory]
    [InlineData(0.99, 0.9, 0.85, 1e-5)]
    [InlineData(0.95, 0.7, 0.95, 1e-3)]
    [InlineData(1.0, 0.5, 0.5, 0.0)]
    public void ChshValue_WhenBornRuleMatrices_AgreeWithTheClosedForm(double v, double ta, double tb, double pd)
    {
        // Closed form of the documented model: S = 2 sqrt2 v cA cB + 2 dA dB, Q = (1 - v cA cB - dA dB)/2.
        double ca = ta * (1 - pd), cb = tb * (1 - pd);
        double da = (1 - ta) * (1 - pd) * (1 - pd), db = (1 - tb) * (1 - pd) * (1 - pd);
        Assert.Equal(2 * Math.Sqrt(2) * v * ca * cb + 2 * da * db, DetectionModel.ChshValue(v, ta, tb, pd), 12);
        Assert.Equal((1 - v * ca * cb - da * db) / 2, DetectionModel.ErrorRate(v, ta, tb, pd), 12);
    }

    [Fact]
    public void ChshValue_WhenEfficiencyAtTwoOverOnePlusSqrtTwo_IsAtTheLocalBound()
    {
        // Known detection threshold of CHSH with binning and maximally entangled states: eta = 2/(1 + sqrt2) = 82.8 %.
        double eta = 2 / (1 + Math.Sqrt(2));
        Assert.Equal(2.0, DetectionModel.ChshValue(1, eta, eta, 0), 12);
    }

    [Fact]
    public void Probability_WhenSummedOverOutcomes_IsOne()
    {
        double sum = 0;
        for (int a = 0; a < 2; a++)
        {
            for (int b = 0; b < 2; b++)
            {
                double p = DetectionModel.Probability(a, b, 0.3, -1.1, 0.9, 0.8, 0.7, 1e-3);
                Assert.True(p >= 0);
                sum += p;
            }
        }

        Assert.Equal(1.0, sum, 12);
    }
}
