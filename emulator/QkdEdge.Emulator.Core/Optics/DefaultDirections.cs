namespace QkdEdge.Emulator.Optics;

/// <summary>
/// Default measurement directions (X-Z plane angles in degrees from +Z towards +X) for the protocols
/// QkdEdge runs. With the state phi-plus, correlators are E = cos(angle_A - angle_B).
/// </summary>
public static class DefaultDirections
{
    /// <summary>
    /// Vazirani-Vidick labels. Alice x = 0, 1: Z, X; Bob y = 0, 1: (Z+X)/sqrt2, (Z-X)/sqrt2 (CHSH-optimal,
    /// S = 2 sqrt2); Alice x = 2 along Bob's y = 1, so the key pair (2, 1) gives a = b.
    /// </summary>
    public static double[] VaziraniVidickAlice() => [0, 90, -45];

    /// <inheritdoc cref="VaziraniVidickAlice"/>
    public static double[] VaziraniVidickBob() => [45, -45];

    /// <summary>
    /// Barrett-Hardy-Kent chained-Bell bases X_r, r = 0..n-1: Hilbert-space angle r pi/(2n), Bloch angle
    /// r pi/n, the same list at both stations (used with the singlet psi-minus).
    /// </summary>
    public static double[] ChainedBell(int bases)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bases, 2);
        var degrees = new double[bases];
        for (int r = 0; r < bases; r++)
            degrees[r] = 180.0 * r / bases;
        return degrees;
    }

    /// <summary>
    /// Parity-CHSH on an N-party GHZ state (Ribeiro-Murta-Wehner): Alice (station 0) Z, X; Bob_1
    /// (station 1) (Z+X)/sqrt2, (Z-X)/sqrt2 and Z for key rounds; every other party Z (key) and X (the
    /// fixed test question 1). Key rounds: Alice 0, Bob_1 2, others 0.
    /// </summary>
    public static double[] ParityChsh(int station) => station switch
    {
        0 => [0, 90],
        1 => [45, -45, 0],
        _ => [0, 90],
    };

    /// <summary>Default for <paramref name="station"/> of <paramref name="stations"/>: Vazirani-Vidick for two, parity-CHSH for more.</summary>
    public static double[] Degrees(int station, int stations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(station);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(station, stations);
        if (stations == 2)
            return station == 0 ? VaziraniVidickAlice() : VaziraniVidickBob();
        return ParityChsh(station);
    }
}
