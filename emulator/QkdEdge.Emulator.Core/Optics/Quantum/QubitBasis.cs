using System.Numerics;

namespace QkdEdge.Emulator.Optics.Quantum;

/// <summary>
/// A projective qubit measurement: the eigenbasis of <c>n . sigma</c> for a Bloch direction n.
/// Outcome 0 is the +1 eigenvector (n itself), outcome 1 the -1 eigenvector (-n), so a station's
/// detector 0 sits at the +1 port. Stored as the unitary V whose rows are the bras &lt;e0|, &lt;e1|.
/// </summary>
public readonly record struct QubitBasis(Complex M00, Complex M01, Complex M10, Complex M11)
{
    /// <summary>
    /// Direction at polar angle <paramref name="polarRadians"/> from +Z and azimuth
    /// <paramref name="azimuthRadians"/> from +X towards +Y: n = (sin t cos f, sin t sin f, cos t).
    /// </summary>
    public static QubitBasis FromBlochAngles(double polarRadians, double azimuthRadians)
    {
        double c = Math.Cos(polarRadians / 2), s = Math.Sin(polarRadians / 2);
        Complex phase = Complex.FromPolarCoordinates(1, azimuthRadians);
        // |e0> = (c, e^{if} s), |e1> = (s, -e^{if} c); the bras are their conjugate transposes.
        return new QubitBasis(c, Complex.Conjugate(phase) * s, s, -Complex.Conjugate(phase) * c);
    }

    /// <summary>
    /// Direction in the X-Z plane at <paramref name="radians"/> from +Z towards +X: n = (sin a, 0, cos a).
    /// 0 is Z, pi/2 is X; negative angles are allowed.
    /// </summary>
    public static QubitBasis InXzPlane(double radians) => FromBlochAngles(radians, 0);

    /// <summary>Element (row, column) of the projector onto outcome <paramref name="outcome"/>.</summary>
    public Complex Projector(int outcome, int row, int column)
    {
        // P_o = |e_o><e_o|; the bra <e_o| is row o of V, the ket its conjugate.
        Complex braRow = outcome == 0 ? (row == 0 ? M00 : M01) : (row == 0 ? M10 : M11);
        Complex braColumn = outcome == 0 ? (column == 0 ? M00 : M01) : (column == 0 ? M10 : M11);
        return Complex.Conjugate(braRow) * braColumn;
    }
}
