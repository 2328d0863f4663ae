using QkdEdge.Security.ChainedBell;

namespace QkdEdge.Security.Tests.ChainedBell;

public class ChainedBellTests
{
    // Reference sheet Table 5.1.
    [Theory]
    [InlineData(2, 0.666667, 0.588766, 0.666667)]
    [InlineData(3, 0.833333, 0.817230, 0.777778)]
    [InlineData(4, 0.902369, 0.897192, 0.833333)]
    [InlineData(6, 0.955342, 0.954307, 0.888889)]
    [InlineData(8, 0.974627, 0.974298, 0.916667)]
    [InlineData(10, 0.983686, 0.983551, 0.933333)]
    [InlineData(20, 0.995896, 0.995888, 0.966667)]
    [InlineData(50, 0.999342, 0.999342, 0.986667)]
    [InlineData(100, 0.999836, 0.999836, 0.993333)]
    public void BhkValues_WhenSheetTable51_MatchPrintedDigits(int n, double quantum, double approx, double local)
    {
        Printed.Equal(quantum, 6, BhkChainedBell.QuantumValue(n));
        Printed.Equal(approx, 6, BhkChainedBell.QuantumValueApproximation(n));
        Printed.Equal(local, 6, BhkChainedBell.LocalBound(n));
    }

    [Fact]
    public void ValueWithVisibility_WhenSheetExample_MatchesAndExceedsLocalBound()
    {
        Printed.Equal(0.978849, 6, BhkChainedBell.ValueWithVisibility(10, 0.99));
        Assert.Equal(BhkChainedBell.QuantumValue(7), BhkChainedBell.ValueWithVisibility(7, 1.0), 12);
    }

    [Fact]
    public void Statistic_WhenSingletTable_EqualsQuantumValue()
    {
        // Singlet: P(a != b | bases i, j) = cos^2((i - j) pi/(2N)); the swapped-outcome neighbours are handled inside.
        const int n = 6;
        var table = new double[n][];
        for (int i = 0; i < n; i++)
        {
            table[i] = new double[n];
            for (int j = 0; j < n; j++)
            {
                double c = Math.Cos((i - j) * Math.PI / (2 * n));
                table[i][j] = c * c;
            }
        }

        Assert.Equal(BhkChainedBell.QuantumValue(n), BhkChainedBell.Statistic(table), 12);
    }

    // Reference sheet Table 5.2.
    [Theory]
    [InlineData(2, 2, 2.828427, 0.585786, 0.853553)]
    [InlineData(3, 4, 5.196152, 0.401924, 0.933013)]
    [InlineData(4, 6, 7.391036, 0.304482, 0.961940)]
    [InlineData(5, 8, 9.510565, 0.244717, 0.975528)]
    [InlineData(10, 18, 19.753767, 0.123117, 0.993844)]
    [InlineData(20, 38, 39.876693, 0.061653, 0.998459)]
    [InlineData(100, 198, 199.975326, 0.012337, 0.999938)]
    public void BraunsteinCaves_WhenSheetTable52_MatchesPrintedDigits(int m, double local, double quantum, double errorSum, double pair)
    {
        Assert.Equal(local, BraunsteinCaves.LocalBound(m));
        Printed.Equal(quantum, 6, BraunsteinCaves.QuantumMaximum(m));
        Printed.Equal(errorSum, 6, BraunsteinCaves.QuantumErrorSum(m));
        Printed.Equal(pair, 6, BraunsteinCaves.QuantumPairSuccess(m));
        Assert.Equal(m - BraunsteinCaves.QuantumMaximum(m) / 2, BraunsteinCaves.QuantumErrorSum(m), 12);
    }
}
