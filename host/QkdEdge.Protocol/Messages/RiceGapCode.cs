using System.Numerics;

namespace QkdEdge.Protocol.Messages;

/// <summary>
/// A sparse bit string as the gaps between its set bits, each in a Golomb-Rice code with parameter k: the gap's
/// high part (gap &gt;&gt; k) in unary, as that many zeros closed by a one, then its k low bits. Alice's test selection
/// is independent Bernoulli(gamma) rounds, so its gaps are geometric, and a Golomb code is the optimal prefix code for
/// geometric integers (Gallager and Van Voorhis, 1975); the power-of-two parameter keeps the coder to shifts and
/// masks and costs about 1 % more at the test fractions the plans use (7.66 bits per tested round against an
/// entropy of 7.57 at gamma = 0.0143). Written here because the general compressors at hand do worse on such a plane:
/// on a 10^9-round selection at gamma = 0.0143, Brotli (fastest) gave 0.189 bits per round in 0.47 s and Deflate
/// (optimal) 0.160 in 3.3 s, against 0.110 here in about 0.3 s.
/// Bits are packed from bit 0 of word 0 upward, like every bit string of the block protocol.
/// </summary>
internal static class RiceGapCode
{
    /// <summary>Largest parameter: k bits of a gap always fit one word together with the bits already in it.</summary>
    public const int MaxParameter = 31;

    /// <summary>
    /// The parameter for a string of <paramref name="bits"/> bits with <paramref name="ones"/> set, at its empirical density:
    /// k = max(0, 1 + floor(log2(ln(phi - 1) / ln(1 - p)))), the optimal Rice parameter for geometric gaps (A. Kiely,
    /// "Selecting the Golomb parameter in Rice coding", IPN Progress Report 42-159, 2004).
    /// </summary>
    public static int ParameterFor(long ones, long bits)
    {
        if (ones <= 0 || ones >= bits)
            return 0;
        double p = (double)ones / bits;
        double ratio = Math.Log((Math.Sqrt(5) - 1) / 2) / Math.Log(1 - p);
        return ratio < 1 ? 0 : Math.Min(MaxParameter, 1 + (int)Math.Floor(Math.Log2(ratio)));
    }

    /// <summary>The code's length in bits for the set bits of the first <paramref name="bits"/> bits of <paramref name="plane"/>.</summary>
    public static long CodedBits(ReadOnlySpan<ulong> plane, long bits, int parameter, out long ones)
    {
        CheckParameter(parameter);
        long length = 0, count = 0, previous = -1;
        for (int w = 0; w < plane.Length; w++)
        {
            for (ulong word = plane[w]; word != 0; word &= word - 1)
            {
                long position = 64L * w + BitOperations.TrailingZeroCount(word);
                if (position >= bits)
                    break;
                length += ((position - previous - 1) >> parameter) + 1 + parameter;
                previous = position;
                count++;
            }
        }
        ones = count;
        return length;
    }

    /// <summary>The code of the set bits of the first <paramref name="bits"/> bits of <paramref name="plane"/>, <paramref name="codedBits"/> long (<see cref="CodedBits"/>).</summary>
    public static ulong[] Encode(ReadOnlySpan<ulong> plane, long bits, int parameter, long codedBits)
    {
        CheckParameter(parameter);
        var code = new ulong[(codedBits + 63) / 64];
        ulong lowMask = (1UL << parameter) - 1;
        long at = 0, previous = -1;
        for (int w = 0; w < plane.Length; w++)
        {
            for (ulong word = plane[w]; word != 0; word &= word - 1)
            {
                long position = 64L * w + BitOperations.TrailingZeroCount(word);
                if (position >= bits)
                    break;
                long gap = position - previous - 1;
                previous = position;
                at += gap >> parameter; // the unary zeros are already there
                code[at >> 6] |= 1UL << (int)(at & 63);
                at++;
                if (parameter == 0)
                    continue;
                ulong low = (ulong)gap & lowMask;
                int shift = (int)(at & 63);
                code[at >> 6] |= low << shift;
                if (shift + parameter > 64)
                    code[(at >> 6) + 1] |= low >> (64 - shift);
                at += parameter;
            }
        }
        if (at != codedBits)
            throw new ArgumentException($"The plane codes to {at} bits, not the {codedBits} given.", nameof(codedBits));
        return code;
    }

    /// <summary>
    /// Sets in <paramref name="plane"/> (cleared, <paramref name="bits"/> bits) the <paramref name="ones"/> positions the
    /// code of <paramref name="codedBits"/> bits names. The code comes from the peer: it must hold exactly that many
    /// codes, end with the last of them, and name no position at or past <paramref name="bits"/>.
    /// </summary>
    public static void Decode(ReadOnlySpan<ulong> code, long codedBits, long ones, int parameter, Span<ulong> plane, long bits)
    {
        if (parameter is < 0 or > MaxParameter)
            throw new MalformedPayloadException($"test selection: Rice parameter {parameter} outside 0..{MaxParameter}.");
        if (codedBits > 64L * code.Length)
            throw new ArgumentException("The code is shorter than its bit count.", nameof(code));
        plane.Clear();
        long at = 0, previous = -1;
        for (long i = 0; i < ones; i++)
        {
            long one = NextOne(code, at, codedBits);
            if (one < 0)
                throw new MalformedPayloadException($"test selection: the gaps end inside code {i + 1} of {ones} (bit {codedBits}).");
            long high = one - at;
            at = one + 1;
            if (at + parameter > codedBits)
                throw new MalformedPayloadException($"test selection: the gaps end inside code {i + 1} of {ones} (bit {codedBits}).");
            long low = (long)ReadBits(code, at, parameter);
            at += parameter;
            // high < 2^31 (it is below codedBits, which the caller bounds by the block), so the gap fits a long.
            long position = previous + 1 + ((high << parameter) | low);
            if (position >= bits)
                throw new MalformedPayloadException($"test selection: code {i + 1} of {ones} names round {position}, past the block's {bits}.");
            plane[(int)(position >> 6)] |= 1UL << (int)(position & 63);
            previous = position;
        }
        if (at != codedBits)
            throw new MalformedPayloadException($"test selection: {codedBits - at} bits after the last of {ones} gaps.");
    }

    private static long NextOne(ReadOnlySpan<ulong> code, long from, long end)
    {
        if (from >= end)
            return -1;
        int w = (int)(from >> 6);
        ulong word = code[w] >> (int)(from & 63);
        if (word != 0)
        {
            long one = from + BitOperations.TrailingZeroCount(word);
            return one < end ? one : -1;
        }
        for (w++; 64L * w < end; w++)
        {
            if (code[w] != 0)
            {
                long one = 64L * w + BitOperations.TrailingZeroCount(code[w]);
                return one < end ? one : -1;
            }
        }
        return -1;
    }

    private static ulong ReadBits(ReadOnlySpan<ulong> code, long at, int count)
    {
        if (count == 0)
            return 0;
        int w = (int)(at >> 6), shift = (int)(at & 63);
        ulong value = code[w] >> shift;
        if (shift + count > 64)
            value |= code[w + 1] << (64 - shift);
        return value & ((1UL << count) - 1);
    }

    private static void CheckParameter(int parameter) =>
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)parameter, (uint)MaxParameter, nameof(parameter));
}
