using System.Buffers.Binary;
using System.Security.Cryptography;

namespace QkdEdge.Peer.Authentication;

/// <summary>
/// Wegman-Carter tags: for each of t evaluation points j, tag_j = h_{k_j}(context || header || payload) + r_j
/// (mod p), with k_j the reusable hash key and r_j fresh one-time pad from the pool. The pad is added in the
/// field rather than XORed because the polynomial hash is almost-Delta-universal under field addition; with
/// that pairing a forgery succeeds with probability at most (L/p)^t per attempt, L the message length in
/// 7-byte chunks (see <see cref="ForgeryBound"/>), however many tags the attacker has seen.
/// </summary>
internal sealed class WegmanCarterAuthenticator(AuthenticationKeyPool pool, int points)
{
    public int Points { get; } = points;

    public int TagBytes => 8 * Points;

    public void ComputeTag(ReadOnlySpan<ulong> pads, ReadOnlySpan<byte> context, ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload, Span<byte> tag)
    {
        for (int j = 0; j < Points; j++)
        {
            ulong hash = PolynomialHash61.Evaluate(pool.HashKey(j), context, header, payload);
            BinaryPrimitives.WriteUInt64LittleEndian(tag[(8 * j)..], MersenneField61.Add(hash, pads[j]));
        }
    }

    public bool Verify(ReadOnlySpan<ulong> pads, ReadOnlySpan<byte> context, ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> tag)
    {
        Span<byte> expected = stackalloc byte[TagBytes];
        ComputeTag(pads, context, header, payload, expected);
        return CryptographicOperations.FixedTimeEquals(expected, tag);
    }
}
