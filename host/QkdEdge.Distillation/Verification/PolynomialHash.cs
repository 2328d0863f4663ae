using QkdEdge.Distillation.Amplification;
using QkdEdge.Distillation.Bits;

namespace QkdEdge.Distillation.Verification;

/// <summary>
/// The polynomial evaluation hash over GF(2^64): a key string of L words m_1..m_L followed by one word holding
/// its bit length is read as the polynomial h_k(m) = sum_i m_i k^(L + 2 - i), evaluated by Horner's rule at a
/// uniformly random point k. For two different strings the difference of their hashes is a non-zero polynomial
/// in k of degree at most L + 1, which has at most L + 1 roots, so they collide with probability at most
/// (L + 1) / 2^64 over k (Wegman and Carter; Bierbrauer et al., CRYPTO '93). Independent points ("lanes")
/// multiply the bound. Evaluation can be fed in pieces, so a block never has to be in memory at once.
/// </summary>
public sealed class PolynomialHash
{
    private readonly ulong[] _points;
    private readonly ulong[] _state;
    private long _bits;
    private int _partialBits;
    private ulong _partial;

    public PolynomialHash(ReadOnlySpan<ulong> points)
    {
        if (points.Length == 0)
        {
            throw new ArgumentException("At least one evaluation point is required.", nameof(points));
        }

        _points = points.ToArray();
        _state = new ulong[_points.Length];
    }

    public int Lanes => _points.Length;

    /// <summary>Appends the first <paramref name="bitCount"/> bits of <paramref name="bits"/> to the hashed string.</summary>
    public void Append(ReadOnlySpan<ulong> bits, long bitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bitCount);
        if (bits.Length < PackedBits.WordCount(bitCount))
        {
            throw new ArgumentException("The buffer is shorter than its bit count.", nameof(bits));
        }

        long position = 0;
        if (_partialBits != 0)
        {
            int take = (int)Math.Min(64 - _partialBits, bitCount);
            _partial |= PackedBits.ReadBits(bits, 0, take) << _partialBits;
            _partialBits += take;
            position = take;
            if (_partialBits == 64)
            {
                Absorb(_partial);
                _partial = 0;
                _partialBits = 0;
            }
        }

        while (bitCount - position >= 64)
        {
            Absorb(PackedBits.ReadBits(bits, position, 64));
            position += 64;
        }

        if (position < bitCount)
        {
            int rest = (int)(bitCount - position);
            _partial = PackedBits.ReadBits(bits, position, rest);
            _partialBits = rest;
        }

        _bits += bitCount;
    }

    /// <summary>Finishes the hash (pads the last word with zeros, absorbs the bit length) and returns one word per lane.</summary>
    public ulong[] Finish()
    {
        if (_partialBits != 0)
        {
            Absorb(_partial);
            _partial = 0;
            _partialBits = 0;
        }

        Absorb((ulong)_bits);
        return (ulong[])_state.Clone();
    }

    /// <summary>Hashes a whole string at once.</summary>
    public static ulong[] Compute(ReadOnlySpan<ulong> bits, long bitCount, ReadOnlySpan<ulong> points)
    {
        var hash = new PolynomialHash(points);
        hash.Append(bits, bitCount);
        return hash.Finish();
    }

    private void Absorb(ulong word)
    {
        for (int lane = 0; lane < _points.Length; lane++)
        {
            _state[lane] = Gf64.Multiply(_state[lane] ^ word, _points[lane]);
        }
    }
}
