namespace QkdEdge.Security.FiniteKey;

/// <summary>
/// Leftover hash lemma with quantum side information (Tomamichel, Schaffner, Smith, Renner, IEEE TIT 57, 5524
/// (2011)), two-universal hashing (Toeplitz): choosing eps_PA = (1/2) 2^(-(H - l)/2) gives
/// l = H - leak - 2 log(1/eps_PA) + 2; the conservative form drops the + 2 (reference sheet 8.2).
/// </summary>
public static class PrivacyAmplification
{
    /// <summary>floor(H - leak - 2 log(1/eps_PA)) (conservative form, used by the key-length computation).</summary>
    public static long KeyLength(double minEntropyBits, double leakedBits, double epsPrivacyAmplification) =>
        (long)Math.Floor(minEntropyBits - leakedBits - 2.0 * Math.Log2(1.0 / epsPrivacyAmplification));

    /// <summary>floor(H - leak - 2 log(1/eps_PA) + 2) (the lemma's exact choice of eps_PA).</summary>
    public static long KeyLengthWithLemmaConstant(double minEntropyBits, double leakedBits, double epsPrivacyAmplification) =>
        KeyLength(minEntropyBits, leakedBits, epsPrivacyAmplification) + 2;

    /// <summary>Seed bits of an l x n random Toeplitz matrix: n + l - 1.</summary>
    public static long ToeplitzSeedBits(long inputBits, long outputBits) => inputBits + outputBits - 1;
}
