using System.Runtime.CompilerServices;

namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// One layer (base row) of layered belief propagation with the fixed-point box-plus check rule. For every check
/// the extrinsic values t_k = posterior - old message of its d bits are combined forward (f_k = f_(k-1) ⊞ |t_k|,
/// stored) and backward (b_k = |t_k| ⊞ b_(k+1), running), so bit k receives f_(k-1) ⊞ b_(k+1): the box-plus of all
/// the other bits, in 3d - 5 pairwise operations instead of d(d - 1). Signs are carried separately as in min-sum.
/// Both kernels also return how many of the layer's checks were unsatisfied by the hard decisions they found
/// (before updating them), which lets the decoder skip a separate syndrome pass until that count reaches 0.
/// The vector kernel and the scalar kernel perform the same integer operations in the same order, so they give
/// identical messages and posteriors.
/// </summary>
internal static unsafe class BoxPlusLayer
{
    /// <summary>
    /// Largest check-to-bit magnitude (10 nat at 3 units per nat). Two failures bound it. Without a limit, a check
    /// whose other bits are known (shortened or revealed, 127) sends a message near 127, the bit's 8-bit posterior
    /// saturates, and its next extrinsic value (posterior - message) collapses to a few units. And whenever a
    /// posterior saturates, the clipped part of its sum is lost: if the messages that built it later shrink, the
    /// layered update (posterior = extrinsic + new message) leaves the posterior below its true value, and with
    /// messages up to 63 a few such steps flipped confident bits, which then sent confident wrong messages. A frame
    /// of the standard family at Q = 2 % with every padding bit revealed reached the sender's word after five
    /// iterations and, decoding on, collapsed to tens of thousands of wrong bits within two more; at 31 it stays
    /// at the word (<c>LayeredMinSumDecoderTests</c> reproduces that frame). 31 units still leave a saturated
    /// posterior an extrinsic value of at least 96.
    /// </summary>
    public const int MessageLimit = 31;

    /// <summary>
    /// Updates the z checks of one layer, 2 x <typeparamref name="TLanes"/>.Width at a time (z must be a multiple of
    /// that). The posterior keeps two copies of each column (bit j at j and j + z from the column's start, columns
    /// stride apart), so the rotated view of circulant k is the window at <paramref name="offsets"/>[k] = column k x
    /// stride + shift k. Every updated
    /// vector is also stored at its position in the other copy, so both copies stay equal without a copy-back pass
    /// over the layer's columns (that pass cost about as much memory traffic as the layer's own stores); a vector
    /// that crosses the middle of a column is stored three times and spills up to Width - 1 bytes past either end of
    /// the column, so columns need that much padding on each side. <paramref name="messages"/> points at the layer's
    /// first edge (edge k of lane i at k z + i); the scratch buffers hold degree x 2 Width bytes. The loops walk
    /// pointers and take each edge's window from <paramref name="offsets"/>, and the first and last edges are peeled
    /// off: per-edge index arithmetic, bounds checks and branches were about a third of the instructions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Vector<TLanes, TV>(
        sbyte* posterior, sbyte* messages, sbyte* rowSigns, sbyte* extrinsic, sbyte* forward,
        int z, int* offsets, int* shifts, int degree, TV table)
        where TLanes : struct, IByteLanes<TV>
        where TV : struct
    {
        int w = TLanes.Width;
        if (z % (2 * w) != 0)
        {
            throw new ArgumentException($"The kernel takes circulants of a multiple of {2 * w} lanes.", nameof(z));
        }

        int unsatisfied = 0;
        for (int i0 = 0; i0 < z; i0 += 2 * w)
        {
            unsatisfied += Pair<TLanes, TV>(posterior, messages, rowSigns, extrinsic, forward, z, offsets, shifts, degree, table, i0);
        }

        return unsatisfied;
    }

    /// <summary>
    /// Checks i0 .. i0 + 2 Width - 1 as two interleaved vectors (scratch: degree x 2 Width bytes). Each vector's
    /// forward and backward box-plus chains are serial, about five dependent instructions per edge, so one vector at a
    /// time leaves the core waiting on them; two independent chains fill those gaps. The two vectors touch disjoint
    /// bits of every column (a layer meets each column once and 2 Width &lt;= z), so updating them together gives
    /// exactly what updating them one after the other gives.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Pair<TLanes, TV>(
        sbyte* posterior, sbyte* messages, sbyte* rowSigns, sbyte* extrinsic, sbyte* forward,
        int z, int* offsets, int* shifts, int degree, TV table, int i0)
        where TLanes : struct, IByteLanes<TV>
        where TV : struct
    {
        int w = TLanes.Width;
        int w2 = 2 * w;
        int last = degree - 1;
        TV signA = TLanes.Load(rowSigns + i0);
        TV signB = TLanes.Load(rowSigns + i0 + w);
        TV parityA = signA;
        TV parityB = signB;
        sbyte* message = messages + i0;
        sbyte* window = posterior + offsets[0] + i0;
        TV lA = TLanes.Load(window);
        TV lB = TLanes.Load(window + w);
        parityA = TLanes.Xor(parityA, lA);
        parityB = TLanes.Xor(parityB, lB);
        TV tA = TLanes.Subtract(lA, TLanes.Load(message));
        TV tB = TLanes.Subtract(lB, TLanes.Load(message + w));
        TLanes.Store(extrinsic, tA);
        TLanes.Store(extrinsic + w, tB);
        signA = TLanes.Xor(signA, tA);
        signB = TLanes.Xor(signB, tB);
        TV fA = TLanes.Magnitude(tA);
        TV fB = TLanes.Magnitude(tB);
        TLanes.Store(forward, fA);
        TLanes.Store(forward + w, fB);
        for (int k = 1; k < degree; k++)
        {
            message += z;
            window = posterior + offsets[k] + i0;
            lA = TLanes.Load(window);
            lB = TLanes.Load(window + w);
            parityA = TLanes.Xor(parityA, lA);
            parityB = TLanes.Xor(parityB, lB);
            tA = TLanes.Subtract(lA, TLanes.Load(message));
            tB = TLanes.Subtract(lB, TLanes.Load(message + w));
            TLanes.Store(extrinsic + k * w2, tA);
            TLanes.Store(extrinsic + k * w2 + w, tB);
            signA = TLanes.Xor(signA, tA);
            signB = TLanes.Xor(signB, tB);
            fA = TLanes.BoxPlus(fA, TLanes.Magnitude(tA), table);
            fB = TLanes.BoxPlus(fB, TLanes.Magnitude(tB), table);
            TLanes.Store(forward + k * w2, fA);
            TLanes.Store(forward + k * w2 + w, fB);
        }

        int unsatisfied = TLanes.CountNegative(parityA) + TLanes.CountNegative(parityB);
        tA = TLanes.Load(extrinsic + last * w2);
        tB = TLanes.Load(extrinsic + last * w2 + w);
        TV bA = TLanes.Magnitude(tA);
        TV bB = TLanes.Magnitude(tB);
        Update<TLanes, TV>(posterior, message, z, offsets[last], shifts[last], i0, tA, TLanes.Load(forward + (last - 1) * w2), signA);
        Update<TLanes, TV>(posterior, message + w, z, offsets[last], shifts[last], i0 + w, tB, TLanes.Load(forward + (last - 1) * w2 + w), signB);
        for (int k = last - 1; k > 0; k--)
        {
            message -= z;
            tA = TLanes.Load(extrinsic + k * w2);
            tB = TLanes.Load(extrinsic + k * w2 + w);
            Update<TLanes, TV>(posterior, message, z, offsets[k], shifts[k], i0, tA, TLanes.BoxPlus(TLanes.Load(forward + (k - 1) * w2), bA, table), signA);
            Update<TLanes, TV>(posterior, message + w, z, offsets[k], shifts[k], i0 + w, tB, TLanes.BoxPlus(TLanes.Load(forward + (k - 1) * w2 + w), bB, table), signB);
            bA = TLanes.BoxPlus(bA, TLanes.Magnitude(tA), table);
            bB = TLanes.BoxPlus(bB, TLanes.Magnitude(tB), table);
        }

        Update<TLanes, TV>(posterior, message - z, z, offsets[0], shifts[0], i0, TLanes.Load(extrinsic), bA, signA);
        Update<TLanes, TV>(posterior, message - z + w, z, offsets[0], shifts[0], i0 + w, TLanes.Load(extrinsic + w), bB, signB);
        return unsatisfied;
    }

    /// <summary>Sends one edge its new message (magnitude limited, sign from the check's parity) and updates its bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update<TLanes, TV>(sbyte* posterior, sbyte* message, int z, int offset, int shift, int i0, TV t, TV magnitude, TV sign)
        where TLanes : struct, IByteLanes<TV>
        where TV : struct
    {
        TV value = TLanes.WithSign(TLanes.Limit(magnitude), TLanes.Xor(sign, t));
        TLanes.Store(message, value);
        StoreBothCopies<TLanes, TV>(posterior + offset + i0, shift + i0, z, TLanes.Add(t, value));
    }

    /// <summary>Stores <paramref name="value"/> at <paramref name="at"/> (its place in the column's copies) and at its mirror.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreBothCopies<TLanes, TV>(sbyte* at, int shiftedLane, int z, TV value)
        where TLanes : struct, IByteLanes<TV>
        where TV : struct
    {
        TLanes.Store(at, value);
        if (shiftedLane < z)
        {
            TLanes.Store(at + z, value);
        }

        if (shiftedLane + TLanes.Width > z)
        {
            TLanes.Store(at - z, value);
        }
    }

    /// <summary>The same layer one check at a time, writing both copies of every posterior it changes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Scalar(
        sbyte* posterior, sbyte* messages, sbyte* rowSigns, sbyte* extrinsic, sbyte* forward,
        int z, int stride, ReadOnlySpan<int> columns, ReadOnlySpan<int> shifts, int degree, ReadOnlySpan<byte> correction)
    {
        int unsatisfied = 0;
        for (int i = 0; i < z; i++)
        {
            int sign = rowSigns[i];
            int parity = sign;
            int f = 0;
            for (int k = 0; k < degree; k++)
            {
                int at = columns[k] * stride + ((i + shifts[k]) % z);
                parity ^= posterior[at];
                int t = Saturate(posterior[at] - messages[k * z + i]);
                extrinsic[k] = (sbyte)t;
                sign ^= t;
                int a = Magnitude(t);
                f = k == 0 ? a : BoxPlus(f, a, correction);
                forward[k] = (sbyte)f;
            }

            unsatisfied += (parity >> 7) & 1;
            int b = 0;
            for (int k = degree - 1; k >= 0; k--)
            {
                int t = extrinsic[k];
                int magnitude;
                if (k == degree - 1)
                {
                    magnitude = forward[k - 1];
                    b = Magnitude(t);
                }
                else if (k == 0)
                {
                    magnitude = b;
                }
                else
                {
                    magnitude = BoxPlus(forward[k - 1], b, correction);
                    b = BoxPlus(b, Magnitude(t), correction);
                }

                magnitude = Math.Min(magnitude, MessageLimit);
                int message = ((sign ^ t) & 0x80) != 0 ? -magnitude : magnitude;
                messages[k * z + i] = (sbyte)message;
                int at = columns[k] * stride + ((i + shifts[k]) % z);
                sbyte updated = (sbyte)Saturate(t + message);
                posterior[at] = updated;
                posterior[at + z] = updated;
            }
        }

        return unsatisfied;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int BoxPlus(int a, int b, ReadOnlySpan<byte> correction)
    {
        const int limit = BoxPlusTable.Entries - 1;
        int min = Math.Min(a, b);
        int sum = Math.Min(a + b, limit);
        int difference = Math.Min(Math.Max(a, b) - min, limit);
        return Math.Max(min + correction[sum] - correction[difference], 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Magnitude(int t) => Math.Min(Math.Abs(t), 127);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Saturate(int value) => Math.Clamp(value, sbyte.MinValue, sbyte.MaxValue);
}
