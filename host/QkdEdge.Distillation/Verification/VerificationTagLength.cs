namespace QkdEdge.Distillation.Verification;

/// <summary>
/// How many 64-bit hash lanes the verification tag needs so that two different keys of a given length pass with
/// probability at most eps_EC: with L words the per-lane bound is (L + 2) / 2^64 (L data words, a possible
/// partial word, the length word), and r independent lanes give ((L + 2) / 2^64)^r.
/// </summary>
public static class VerificationTagLength
{
    /// <summary>Upper bound on the probability that different keys of <paramref name="keyBits"/> bits get equal tags.</summary>
    public static double CollisionBound(long keyBits, int lanes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keyBits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lanes);
        double perLane = (keyBits / 64.0 + 2.0) / Math.Pow(2.0, 64);
        return Math.Pow(perLane, lanes);
    }

    /// <summary>The fewest lanes whose collision bound is at most <paramref name="epsilonCorrectness"/>.</summary>
    public static int LanesFor(long keyBits, double epsilonCorrectness)
    {
        if (double.IsNaN(epsilonCorrectness) || epsilonCorrectness <= 0 || epsilonCorrectness >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(epsilonCorrectness), epsilonCorrectness, "eps_EC must lie in (0, 1).");
        }

        double bitsPerLane = 64.0 - Math.Log2(keyBits / 64.0 + 2.0);
        int lanes = Math.Max(1, (int)Math.Ceiling(Math.Log2(1.0 / epsilonCorrectness) / bitsPerLane));
        while (CollisionBound(keyBits, lanes) > epsilonCorrectness)
        {
            lanes++;
        }

        return lanes;
    }
}
