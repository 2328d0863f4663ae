using QkdEdge.Distillation.Bits;

namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// The bits a frame may use as padding (punctured bits whose values are revealed one by one on retries), in the
/// order they are used, each with its private check. Candidates are the bits of every other staircase column:
/// column j joins rows j and j + 1 with shift 0, so bit i of column j meets checks (j, i) and (j + 1, i), and
/// for even j no other candidate meets either of them. Row j is the private check of (j, i).
/// </summary>
/// <remarks>
/// Why a private check matters for the leak: Alice sets each padding bit so that its private check has syndrome
/// 0, and does not send that syndrome bit. Every bit she sends is then a fixed function of her key, and
/// revealing a padding bit later discloses exactly one more bit: the parity its private check would have had.
/// So the leak is the number of bits sent, with no appeal to the randomness of padding.
/// </remarks>
internal sealed class PunctureCandidates
{
    public PunctureCandidates(QcLdpcCode code, ulong seed)
    {
        int z = code.LiftingSize;
        var candidates = new List<(int Bit, int Check)>();
        for (int j = 0; j + 1 < code.BaseRows; j += 2)
        {
            int column = code.StaircaseStart + j;
            for (int i = 0; i < z; i++)
            {
                candidates.Add((column * z + i, j * z + i));
            }
        }

        var order = candidates.ToArray();
        var rng = new Xoshiro256StarStar(seed);
        rng.Shuffle(order.AsSpan());
        Bits = order.Select(c => c.Bit).ToArray();
        Checks = order.Select(c => c.Check).ToArray();
    }

    /// <summary>Candidate bit positions in order of use.</summary>
    public int[] Bits { get; }

    /// <summary>Private check of each candidate.</summary>
    public int[] Checks { get; }

    public int Count => Bits.Length;
}
