using System.Buffers.Binary;

namespace QkdEdge.Peer.Authentication;

/// <summary>
/// The almost-universal hash of the Wegman-Carter tag: the message, cut into 7-byte chunks c_1..c_L, is the
/// polynomial h_k(m) = c_1 k^L + c_2 k^(L-1) + ... + c_L k over GF(2^61 - 1). Each chunk gets a marker bit just
/// above its bytes (c = chunk + 2^(8*len)), so messages of different lengths or contents always give different,
/// nonzero coefficient sequences; two distinct messages then differ in a nonzero polynomial of degree at most
/// L with no constant term, which has at most L roots: Pr_k[h_k(m) = h_k(m') + d] &lt;= L / p for any d
/// (the family is L/p-almost-Delta-universal).
/// </summary>
internal static class PolynomialHash61
{
    public const int ChunkBytes = 7;

    public static long Chunks(long messageBytes) => (messageBytes + ChunkBytes - 1) / ChunkBytes;

    /// <summary>Hashes the concatenation of the parts (so header and payload need not be copied together).</summary>
    public static ulong Evaluate(ulong key, ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, ReadOnlySpan<byte> part3)
    {
        var state = new State(key);
        state.Absorb(part1);
        state.Absorb(part2);
        state.Absorb(part3);
        return state.Finish();
    }

    private ref struct State
    {
        private readonly ulong _key;
        private readonly ulong _key2;
        private readonly ulong _key3;
        private readonly ulong _key4;
        private ulong _accumulator;
        private ulong _chunk;
        private int _filled;

        public State(ulong key)
        {
            _key = key;
            _key2 = MersenneField61.Multiply(key, key);
            _key3 = MersenneField61.Multiply(_key2, key);
            _key4 = MersenneField61.Multiply(_key3, key);
        }

        public void Absorb(ReadOnlySpan<byte> bytes)
        {
            int i = 0;
            if (_filled == 0)
            {
                // Fast path: whole chunks straight from the span (an 8-byte load keeps 7 of them), four at a time. Horner's
                // rule waits on a multiplication and a reduction per chunk; four of its steps are
                // (acc + c1) k^4 + c2 k^3 + c3 k^2 + c4 k, four independent products (the first under 2^122, the others
                // under 2^118, the chunks being under 2^57) summed in 128 bits, under 2^123, and reduced once. The same field element, so the same tag.
                while (i + (3 * ChunkBytes) + 8 <= bytes.Length)
                {
                    ulong high = Math.BigMul(MersenneField61.Add(_accumulator, Coefficient(bytes[i..])), _key4, out ulong low);
                    AddProduct(ref high, ref low, Coefficient(bytes[(i + ChunkBytes)..]), _key3);
                    AddProduct(ref high, ref low, Coefficient(bytes[(i + (2 * ChunkBytes))..]), _key2);
                    AddProduct(ref high, ref low, Coefficient(bytes[(i + (3 * ChunkBytes))..]), _key);
                    _accumulator = MersenneField61.Reduce(high, low);
                    i += 4 * ChunkBytes;
                }

                while (i + 8 <= bytes.Length)
                {
                    Step(Coefficient(bytes[i..]));
                    i += ChunkBytes;
                }
            }
            for (; i < bytes.Length; i++)
            {
                _chunk |= (ulong)bytes[i] << (8 * _filled);
                if (++_filled == ChunkBytes)
                {
                    Step(_chunk | (1UL << 56));
                    _chunk = 0;
                    _filled = 0;
                }
            }
        }

        public ulong Finish()
        {
            if (_filled > 0)
                Step(_chunk | (1UL << (8 * _filled)));
            return _accumulator;
        }

        private static void AddProduct(ref ulong high, ref ulong low, ulong a, ulong b)
        {
            ulong productHigh = Math.BigMul(a, b, out ulong productLow);
            low += productLow;
            high += productHigh + (low < productLow ? 1UL : 0UL);
        }

        /// <summary>A whole chunk's coefficient: its seven bytes and the marker bit above them (an 8-byte load).</summary>
        private static ulong Coefficient(ReadOnlySpan<byte> from) =>
            (BinaryPrimitives.ReadUInt64LittleEndian(from) & 0x00FF_FFFF_FFFF_FFFFUL) | (1UL << 56);

        private void Step(ulong coefficient) =>
            _accumulator = MersenneField61.Multiply(MersenneField61.Add(_accumulator, coefficient), _key);
    }
}
