using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using QkdEdge.Distillation.Bits;

namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// Turns received bits into the decoder's channel values: +magnitude for a 0, -magnitude for a 1. Bob does this
/// for every bit of a frame before every attempt; bit by bit it took about a twentieth of the exchange's time.
/// </summary>
public static class ChannelValues
{
    /// <summary>Writes the channel values of the first <paramref name="count"/> bits of <paramref name="bits"/>.</summary>
    public static void Fill(ReadOnlySpan<ulong> bits, int count, sbyte magnitude, Span<sbyte> destination) =>
        Fill(bits, count, magnitude, destination, Avx2.IsSupported);

    /// <summary>The same, choosing the path: the 256-bit one expands 32 bits per step, the scalar one one bit.</summary>
    internal static unsafe void Fill(ReadOnlySpan<ulong> bits, int count, sbyte magnitude, Span<sbyte> destination, bool vectors)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (bits.Length < PackedBits.WordCount(count) || destination.Length < count)
        {
            throw new ArgumentException("A buffer is shorter than the bit count.");
        }

        int v = 0;
        if (vectors && Avx2.IsSupported)
        {
            // Byte i of a step takes byte i / 8 of the 32 bits and tests its bit i % 8.
            var spread = Vector256.Create((byte)0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3);
            var select = Vector256.Create((byte)1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128);
            var zero = Vector256.Create(magnitude);
            var one = Vector256.Create((sbyte)-magnitude);
            fixed (ulong* words = bits)
            fixed (sbyte* output = destination)
            {
                uint* halves = (uint*)words;
                for (; v + 32 <= count; v += 32)
                {
                    var bytes = Avx2.Shuffle(Vector256.Create(halves[v >> 5]).AsByte(), spread);
                    var set = Avx2.CompareEqual(Avx2.And(bytes, select), select);
                    Avx.Store(output + v, Avx2.BlendVariable(zero, one, set.AsSByte()));
                }
            }
        }

        for (; v < count; v++)
        {
            destination[v] = PackedBits.Get(bits, v) ? (sbyte)-magnitude : magnitude;
        }
    }
}
