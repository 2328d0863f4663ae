namespace QkdEdge.Peer.Authentication;

/// <summary>
/// Arithmetic in GF(p), p = 2^61 - 1. A Mersenne prime makes reduction two shifts and an add, and 61-bit
/// operands multiply exactly in 128 bits; written by hand because the base library has no prime-field type.
/// </summary>
internal static class MersenneField61
{
    public const ulong Prime = (1UL << 61) - 1;

    public const int ElementBits = 61;

    public static ulong Add(ulong a, ulong b)
    {
        ulong sum = a + b; // both < 2^61, no overflow
        return sum >= Prime ? sum - Prime : sum;
    }

    public static ulong Multiply(ulong a, ulong b)
    {
        ulong high = Math.BigMul(a, b, out ulong low);
        return Reduce(high, low);
    }

    /// <summary>high * 2^64 + low modulo p, for a value under 2^123 (a product, or the sum of a few): high under 2^59.</summary>
    public static ulong Reduce(ulong high, ulong low)
    {
        // 2^61 = 1 (mod p): fold the bits above 61 back onto the low 61. With high under 2^59 the first fold stays
        // under 2^63, and the second under p + 4.
        ulong folded = (low & Prime) + ((low >> 61) | (high << 3));
        folded = (folded & Prime) + (folded >> 61);
        return folded >= Prime ? folded - Prime : folded;
    }
}
