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
        private ulong _accumulator;
        private ulong _chunk;
        private int _filled;

        public State(ulong key)
        {
            _key = key;
        }

        public void Absorb(ReadOnlySpan<byte> bytes)
        {
            int i = 0;
            if (_filled == 0)
            {
                // Fast path: whole chunks straight from the span (an 8-byte load keeps 7 of them).
                while (i + 8 <= bytes.Length)
                {
                    ulong chunk = BinaryPrimitives.ReadUInt64LittleEndian(bytes[i..]) & 0x00FF_FFFF_FFFF_FFFFUL;
                    Step(chunk | (1UL << 56));
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

        private void Step(ulong coefficient) =>
            _accumulator = MersenneField61.Multiply(MersenneField61.Add(_accumulator, coefficient), _key);
    }
}
