using QkdEdge.Emulator.Optics.Quantum;

namespace QkdEdge.Emulator.Tests.Optics.Quantum;

public sealed class DensityMatrixTests
{
    // For Bell states measured along X-Z plane directions a and b (Bloch angles), with white noise v:
    // phi-plus: <A B> = v cos(a - b); psi-minus: -v cos(a - b); so
    // P(o_A, o_B) = (1 + (-1)^(o_A + o_B) E) / 4 with uniform marginals.
    [Theory]
    [InlineData(QuantumStates.PhiPlus, 1.0, 0.0, 45.0)]
    [InlineData(QuantumStates.PhiPlus, 0.9, 90.0, -45.0)]
    [InlineData(QuantumStates.PsiMinus, 1.0, 0.0, 60.0)]
    [InlineData(QuantumStates.PsiMinus, 0.7, 30.0, 150.0)]
    public void OutcomeProbabilities_WhenBellStateInXzPlane_FollowCosineLaw(string state, double visibility, double degreesA, double degreesB)
    {
        var rho = QuantumStates.Create(state, 2).WithWhiteNoise(visibility);
        var probabilities = new double[4];
        rho.OutcomeProbabilities([QubitBasis.InXzPlane(degreesA * Math.PI / 180), QubitBasis.InXzPlane(degreesB * Math.PI / 180)], probabilities);

        double sign = state == QuantumStates.PhiPlus ? 1 : -1;
        double e = sign * visibility * Math.Cos((degreesA - degreesB) * Math.PI / 180);
        for (int index = 0; index < 4; index++)
        {
            int oA = index & 1, oB = index >> 1;
            double expected = (1 + (oA == oB ? e : -e)) / 4;
            Assert.Equal(expected, probabilities[index], 1e-12);
        }
    }

    [Fact]
    public void OutcomeProbabilities_WhenGhzMeasuredInX_OutcomeParityIsAlwaysEven()
    {
        var rho = QuantumStates.Create(QuantumStates.Ghz, 4);
        var x = QubitBasis.InXzPlane(Math.PI / 2);
        var probabilities = new double[16];
        rho.OutcomeProbabilities([x, x, x, x], probabilities);

        // <XXXX> = 1 on GHZ: only even-parity outcome vectors occur, each with probability 1/8.
        for (int index = 0; index < 16; index++)
            Assert.Equal(int.PopCount(index) % 2 == 0 ? 1.0 / 8 : 0, probabilities[index], 1e-12);
    }

    [Fact]
    public void WithWhiteNoise_WhenVisibilityZero_GivesMaximallyMixedState()
    {
        var rho = QuantumStates.Create(QuantumStates.Ghz, 3).WithWhiteNoise(0);

        for (int row = 0; row < 8; row++)
            for (int column = 0; column < 8; column++)
                Assert.Equal(row == column ? 1.0 / 8 : 0, rho[row, column].Magnitude, 1e-12);
    }

    [Fact]
    public void Create_WhenBellStateOnThreeQubits_Throws()
    {
        Assert.Throws<ArgumentException>(() => QuantumStates.Create(QuantumStates.PhiPlus, 3));
    }

    [Fact]
    public void Create_WhenNameUnknown_Throws()
    {
        Assert.Throws<ArgumentException>(() => QuantumStates.Create("werner", 2));
    }
}
