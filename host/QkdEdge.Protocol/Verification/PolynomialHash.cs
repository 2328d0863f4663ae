using QkdEdge.Distillation.Bits;

namespace QkdEdge.Protocol.Verification;

/// <summary>
/// The verification hash of error correction: polynomial evaluation over the prime field GF(p),
/// p = 2^61 - 1. The key is cut into 56-bit chunks m_1..m_L (each below p) followed by its bit length,
/// and hashed as sum_i m_i k^(L+1-i) mod p at t independent random points k. Two different keys of
/// the same length are two different polynomials of degree at most L+1, which agree on at most L+1
/// points, so they collide with probability at most ((L+1)/p)^t over the random points (the classic
/// Carter-Wegman / Dietzfelbinger polynomial bound). t is the least count that brings this below eps_EC.
/// Written here because the bound must be stated exactly for the security claim; a general-purpose hash
/// library gives no collision guarantee of this kind.
/// </summary>
public static class PolynomialHash
{
    public const ulong Prime = (1UL << 61) - 1;
    private const int ChunkBits = 56;

    /// <summary>Number of evaluation points for a collision probability at most <paramref name="epsilon"/>.</summary>
    public static int Evaluations(long keyBits, double epsilon)
    {
        if (double.IsNaN(epsilon) || epsilon <= 0 || epsilon >= 1)
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "The collision probability must lie strictly between 0 and 1.");
        double degree = Chunks(keyBits) + 1.0;
        double perPoint = degree / Prime;
        return Math.Max(1, (int)Math.Ceiling(Math.Log(epsilon) / Math.Log(perPoint)));
    }

    /// <summary>Bits disclosed by a tag of <paramref name="evaluations"/> points.</summary>
    public static long TagBits(int evaluations) => 61L * evaluations;

    /// <summary>The collision probability bound actually achieved.</summary>
    public static double CollisionBound(long keyBits, int evaluations) => Math.Pow((Chunks(keyBits) + 1.0) / Prime, evaluations);

    public static ulong[] Tag(ReadOnlySpan<ulong> key, long keyBits, ReadOnlySpan<ulong> points)
    {
        var tag = new ulong[points.Length];
        for (int t = 0; t < points.Length; t++)
        {
            ulong k = points[t] % Prime;
            ulong acc = 0;
            long chunks = Chunks(keyBits);
            for (long c = 0; c < chunks; c++)
            {
                long start = c * ChunkBits;
                int width = (int)Math.Min(ChunkBits, keyBits - start);
                acc = Add(MultiplyMod(acc, k), PackedBits.ReadBits(key, start, width));
            }
            tag[t] = Add(MultiplyMod(acc, k), (ulong)keyBits % Prime);
        }
        return tag;
    }

    private static long Chunks(long keyBits) => (keyBits + ChunkBits - 1) / ChunkBits;

    private static ulong Add(ulong a, ulong b)
    {
        ulong s = a + b;
        return s >= Prime ? s - Prime : s;
    }

    private static ulong MultiplyMod(ulong a, ulong b)
    {
        UInt128 product = (UInt128)a * b;
        ulong low = (ulong)product & Prime;
        ulong high = (ulong)(product >> 61);
        ulong sum = low + high;
        return sum >= Prime ? sum - Prime : sum;
    }
}
