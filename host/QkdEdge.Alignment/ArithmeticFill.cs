using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace QkdEdge.Alignment;

/// <summary>
/// Writes first, first + step, first + 2 step, ... (wrapping, as tags are summed everywhere): the round indices of a
/// run of consecutive rounds, and the tags of a window whose steps are all the typical one, which is every window of
/// a clean link. Four values to a 256-bit vector: the plain loop adds each value to the one before, a chain of
/// dependent additions as long as the span.
/// </summary>
internal static class ArithmeticFill
{
    public static void Fill(Span<long> into, long first, long step)
    {
        int k = 0;
        if (Vector256.IsHardwareAccelerated && into.Length >= 8)
        {
            var value = Vector256.Create(first) + (Vector256.Create(0L, 1L, 2L, 3L) * step);
            var stride = Vector256.Create(unchecked(step * 4));
            ref long at = ref into[0];
            for (; k + 4 <= into.Length; k += 4)
            {
                value.StoreUnsafe(ref Unsafe.Add(ref at, k));
                value += stride;
            }
        }

        for (; k < into.Length; k++)
            into[k] = unchecked(first + (step * k));
    }
}
