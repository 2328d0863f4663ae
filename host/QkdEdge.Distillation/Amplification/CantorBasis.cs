namespace QkdEdge.Distillation.Amplification;

/// <summary>
/// A Cantor basis of GF(2^64): beta_0 = 1 and beta_i^2 + beta_i = beta_(i-1). With it the subspace polynomial of
/// W_i = span(beta_0 .. beta_(i-1)) is s_i(x) = L^i(x) with L(x) = x^2 + x, whose coefficients are 0 or 1
/// (x^(2^t) appears iff t is a bit-subset of i), and s_i(beta_j) = beta_(j-i). That makes polynomial division
/// by s_i a handful of word XORs, which is what the additive FFT is built on (D. G. Cantor, "On arithmetical
/// algorithms over finite fields", J. Comb. Theory A 50 (1989)).
/// </summary>
internal static class CantorBasis
{
    public const int Size = 64;

    private static readonly ulong[] Elements = Compute();

    public static ulong Beta(int i) => Elements[i];

    private static ulong[] Compute()
    {
        var beta = new ulong[Size];
        beta[0] = 1;
        for (int i = 1; i < Size; i++)
        {
            beta[i] = SolveArtinSchreier(beta[i - 1]);
        }

        return beta;
    }

    /// <summary>A root of x^2 + x = c (exists when the trace of c is 0, as for every Cantor step in GF(2^64)).</summary>
    private static ulong SolveArtinSchreier(ulong c)
    {
        // Column j of the GF(2)-linear map L is L(x^j); solve sum_j u_j L(x^j) = c by Gaussian elimination on
        // rows (bit r of every column), augmented with bit r of c in bit 64 of a 128-bit row.
        var columns = new ulong[64];
        for (int j = 0; j < 64; j++)
        {
            ulong xj = 1UL << j;
            columns[j] = Gf64.Square(xj) ^ xj;
        }

        var rows = new UInt128[64];
        for (int r = 0; r < 64; r++)
        {
            UInt128 row = 0;
            for (int j = 0; j < 64; j++)
            {
                if (((columns[j] >> r) & 1) != 0)
                {
                    row |= (UInt128)1 << j;
                }
            }

            if (((c >> r) & 1) != 0)
            {
                row |= (UInt128)1 << 64;
            }

            rows[r] = row;
        }

        var pivotOfColumn = new int[64];
        Array.Fill(pivotOfColumn, -1);
        int rank = 0;
        for (int j = 0; j < 64 && rank < 64; j++)
        {
            int pivot = -1;
            for (int r = rank; r < 64; r++)
            {
                if (((rows[r] >> j) & 1) != 0)
                {
                    pivot = r;
                    break;
                }
            }

            if (pivot < 0)
            {
                continue;
            }

            (rows[rank], rows[pivot]) = (rows[pivot], rows[rank]);
            for (int r = 0; r < 64; r++)
            {
                if (r != rank && ((rows[r] >> j) & 1) != 0)
                {
                    rows[r] ^= rows[rank];
                }
            }

            pivotOfColumn[j] = rank++;
        }

        for (int r = rank; r < 64; r++)
        {
            if (((rows[r] >> 64) & 1) != 0)
            {
                throw new InvalidOperationException("x^2 + x = c has no root: c has trace 1.");
            }
        }

        ulong solution = 0;
        for (int j = 0; j < 64; j++)
        {
            // Free variables are 0; a pivot variable equals its row's right-hand side.
            if (pivotOfColumn[j] >= 0 && ((rows[pivotOfColumn[j]] >> 64) & 1) != 0)
            {
                solution |= 1UL << j;
            }
        }

        return solution;
    }
}
