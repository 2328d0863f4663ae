using System.Numerics;
using QkdEdge.Emulator.Optics.Quantum;

namespace QkdEdge.Emulator.Tests.Optics.Quantum;

public sealed class QubitBasisTests
{
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(Math.PI / 2, 0.0)]
    [InlineData(-Math.PI / 4, 0.0)]
    [InlineData(1.1, 0.7)]
    [InlineData(2.5, -2.0)]
    public void Projector_WhenBuiltFromBlochAngles_EqualsHalfOfIdentityPlusOrMinusNDotSigma(double polar, double azimuth)
    {
        var basis = QubitBasis.FromBlochAngles(polar, azimuth);
        double nx = Math.Sin(polar) * Math.Cos(azimuth), ny = Math.Sin(polar) * Math.Sin(azimuth), nz = Math.Cos(polar);
        // n . sigma = [[nz, nx - i ny], [nx + i ny, -nz]]
        var nSigma = new Complex[,] { { nz, new Complex(nx, -ny) }, { new Complex(nx, ny), -nz } };

        for (int outcome = 0; outcome < 2; outcome++)
        {
            int sign = outcome == 0 ? 1 : -1;
            for (int row = 0; row < 2; row++)
                for (int column = 0; column < 2; column++)
                {
                    Complex expected = ((row == column ? 1 : 0) + sign * nSigma[row, column]) / 2;
                    Complex actual = basis.Projector(outcome, row, column);
                    Assert.Equal(expected.Real, actual.Real, 1e-12);
                    Assert.Equal(expected.Imaginary, actual.Imaginary, 1e-12);
                }
        }
    }
}
