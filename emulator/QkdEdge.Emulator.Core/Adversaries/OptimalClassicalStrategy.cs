namespace QkdEdge.Emulator.Adversaries;

/// <summary>
/// The deterministic local strategies that win the CHSH game (a XOR b = x AND y) with the classical
/// maximum 3/4, drawn from a shared hidden variable. Among the affine answers a = alpha0 ^ alpha1 x,
/// b = beta0 ^ beta1 y, the mismatch a ^ b ^ xy equals (x ^ beta1)(y ^ alpha1) ^ alpha1 beta1 ^ alpha0 ^ beta0,
/// which is wrong on exactly one input pair when beta0 = alpha0 ^ alpha1 beta1. That leaves eight
/// strategies (alpha0, alpha1, beta1 free); drawn uniformly, every input pair is lost by two of them,
/// so each pair is won with probability 3/4 (E_xy = (-1)^{xy} / 2, S = 2) and all answers are uniform bits.
/// </summary>
/// <remarks>Vazirani-Vidick labels: Alice x in {0, 1} (CHSH) and 2 (key), Bob y in {0, 1}, key pair (2, 1).</remarks>
public static class OptimalClassicalStrategy
{
    /// <summary>Alice's answer. On the key setting x = 2 a key-aiming box copies Bob's y = 1 answer; otherwise it answers a fresh hidden bit.</summary>
    public static int Alice(int x, ulong hidden, bool keyAiming)
    {
        int alpha0 = (int)(hidden & 1), alpha1 = (int)((hidden >> 1) & 1);
        if (x < 2)
            return alpha0 ^ (alpha1 & x);
        return keyAiming ? Bob(1, hidden) : (int)((hidden >> 3) & 1);
    }

    /// <summary>Bob's answer to y in {0, 1}.</summary>
    public static int Bob(int y, ulong hidden)
    {
        int alpha0 = (int)(hidden & 1), alpha1 = (int)((hidden >> 1) & 1), beta1 = (int)((hidden >> 2) & 1);
        int beta0 = alpha0 ^ (alpha1 & beta1);
        return beta0 ^ (beta1 & y);
    }
}
