using QkdEdge.Distillation.Bits;

namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// Builds a quasi-cyclic code from a <see cref="QcCodeSpec"/>: information columns are placed on base rows so
/// that row degrees stay concentrated (what high-rate codes on the binary symmetric channel want) and rows
/// overlap little; then every circulant shift is chosen so that the lifted graph has as few 4-cycles (none when
/// z is large enough) and then 6-cycles as the base matrix allows (short cycles are what hurt belief propagation
/// most). The staircase of
/// degree-2 columns uses shift 0, so degree-2 bits form paths, never cycles among themselves.
/// </summary>
public static class QcLdpcConstruction
{
    public static QcLdpcCode Build(QcCodeSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        var rng = new Xoshiro256StarStar(spec.Seed);
        int mb = spec.BaseRows;
        int nb = spec.BaseColumns;
        int z = spec.LiftingSize;
        int staircaseStart = spec.InformationColumns;

        // shift[r, c] = -1 where the base entry is empty.
        var shift = new int[mb, nb];
        for (int r = 0; r < mb; r++)
        {
            for (int c = 0; c < nb; c++)
            {
                shift[r, c] = -1;
            }
        }

        var rowDegree = new int[mb];
        for (int j = 0; j < spec.StaircaseColumns; j++)
        {
            shift[j, staircaseStart + j] = 0;
            shift[j + 1, staircaseStart + j] = 0;
            rowDegree[j]++;
            rowDegree[j + 1]++;
        }

        PlaceInformationColumns(spec, shift, rowDegree, ref rng);
        AssignShifts(spec, shift, staircaseStart, ref rng);

        var rowStart = new int[mb + 1];
        var columns = new List<int>();
        var shifts = new List<int>();
        for (int r = 0; r < mb; r++)
        {
            rowStart[r] = columns.Count;
            for (int c = 0; c < nb; c++)
            {
                if (shift[r, c] >= 0)
                {
                    columns.Add(c);
                    shifts.Add(shift[r, c]);
                }
            }
        }

        rowStart[mb] = columns.Count;
        return new QcLdpcCode(mb, nb, z, rowStart, columns.ToArray(), shifts.ToArray(), staircaseStart);
    }

    private static void PlaceInformationColumns(QcCodeSpec spec, int[,] shift, int[] rowDegree, ref Xoshiro256StarStar rng)
    {
        int mb = spec.BaseRows;
        int totalEdges = 2 * spec.StaircaseColumns;
        foreach (int d in spec.InformationColumnDegrees)
        {
            totalEdges += d;
        }

        // Concentrated check degrees: every row ends at floor or ceil of the mean.
        var target = new int[mb];
        for (int r = 0; r < mb; r++)
        {
            target[r] = totalEdges / mb + (r < totalEdges % mb ? 1 : 0);
        }

        var rowOrder = new int[mb];
        for (int r = 0; r < mb; r++)
        {
            rowOrder[r] = r;
        }

        rng.Shuffle(rowOrder.AsSpan());
        var remap = new int[mb];
        for (int r = 0; r < mb; r++)
        {
            remap[r] = target[rowOrder[r]];
        }

        target = remap;

        // overlap[a, b] = columns shared by rows a and b; low overlap means fewer base 4-cycles to break.
        var overlap = new int[mb, mb];
        int informationColumns = spec.InformationColumns;
        var order = new int[informationColumns];
        for (int c = 0; c < informationColumns; c++)
        {
            order[c] = c;
        }

        rng.Shuffle(order.AsSpan());
        Array.Sort(order, (a, b) => spec.InformationColumnDegrees[b].CompareTo(spec.InformationColumnDegrees[a]));
        var chosen = new List<int>();
        var tieBreak = new ulong[mb];
        foreach (int c in order)
        {
            chosen.Clear();
            for (int r = 0; r < mb; r++)
            {
                tieBreak[r] = rng.NextUInt64();
            }

            for (int k = 0; k < spec.InformationColumnDegrees[c]; k++)
            {
                int best = -1;
                long bestScore = long.MinValue;
                for (int r = 0; r < mb; r++)
                {
                    if (shift[r, c] >= 0)
                    {
                        continue;
                    }

                    int sharing = 0;
                    foreach (int other in chosen)
                    {
                        sharing += overlap[r, other];
                    }

                    // Spare capacity first, then least overlap, then a random tie-break.
                    long score = ((long)(target[r] - rowDegree[r]) << 40) - ((long)sharing << 24) + (long)(tieBreak[r] >> 40);
                    if (score > bestScore)
                    {
                        bestScore = score;
                        best = r;
                    }
                }

                shift[best, c] = 0;
                rowDegree[best]++;
                foreach (int other in chosen)
                {
                    overlap[best, other]++;
                    overlap[other, best]++;
                }

                chosen.Add(best);
            }
        }
    }

    private static void AssignShifts(QcCodeSpec spec, int[,] shift, int staircaseStart, ref Xoshiro256StarStar rng)
    {
        int mb = spec.BaseRows;
        int nb = spec.BaseColumns;
        int z = spec.LiftingSize;

        // assigned[r, c]: the shift is final (staircase entries are fixed from the start).
        var assigned = new bool[mb, nb];
        var rowsOfColumn = new List<int>[nb];
        var columnsOfRow = new List<int>[mb];
        for (int c = 0; c < nb; c++)
        {
            rowsOfColumn[c] = new List<int>();
        }

        for (int r = 0; r < mb; r++)
        {
            columnsOfRow[r] = new List<int>();
        }

        for (int c = staircaseStart; c < nb; c++)
        {
            for (int r = 0; r < mb; r++)
            {
                if (shift[r, c] >= 0)
                {
                    assigned[r, c] = true;
                    rowsOfColumn[c].Add(r);
                    columnsOfRow[r].Add(c);
                }
            }
        }

        var sharedWithRow = new List<(int Column, int Closing)>[mb];
        for (int r = 0; r < mb; r++)
        {
            sharedWithRow[r] = [];
        }

        var fourCycles = new int[z];
        var sixCycles = new int[z];
        var candidates = new List<int>();
        for (int c0 = 0; c0 < staircaseStart; c0++)
        {
            var rows = new List<int>();
            for (int r = 0; r < mb; r++)
            {
                if (shift[r, c0] >= 0)
                {
                    rows.Add(r);
                }
            }

            foreach (int r0 in rows)
            {
                Array.Clear(fourCycles);
                Array.Clear(sixCycles);

                // Lifted cycle r0-c0-r1-c1-r0 closes when s(r0,c0) = s(r1,c0) - s(r1,c1) + s(r0,c1) (mod z).
                foreach (int r1 in rowsOfColumn[c0])
                {
                    foreach (int c1 in columnsOfRow[r1])
                    {
                        if (c1 != c0 && assigned[r0, c1])
                        {
                            fourCycles[Mod(shift[r1, c0] - shift[r1, c1] + shift[r0, c1], z)]++;
                        }
                    }
                }

                // Six-cycles r0-c0-r1-c1-r2-c2-r0. The last hop c2 must be assigned in both r2 and r0, so each row's
                // columns shared with r0 (and their share of the cycle's shift) are listed once per (r0, c0): the
                // enumeration then visits only closing columns instead of every column of r2, with the same counts
                // (c0 is not yet assigned in r0, so it is never listed). That made building the codes several
                // times faster with identical shifts.
                for (int r2 = 0; r2 < mb; r2++)
                {
                    var shared = sharedWithRow[r2];
                    shared.Clear();
                    if (r2 == r0)
                    {
                        continue;
                    }

                    foreach (int c2 in columnsOfRow[r2])
                    {
                        if (assigned[r0, c2])
                        {
                            shared.Add((c2, shift[r0, c2] - shift[r2, c2]));
                        }
                    }
                }

                foreach (int r1 in rowsOfColumn[c0])
                {
                    foreach (int c1 in columnsOfRow[r1])
                    {
                        if (c1 == c0)
                        {
                            continue;
                        }

                        int partial = shift[r1, c0] - shift[r1, c1];
                        foreach (int r2 in rowsOfColumn[c1])
                        {
                            if (r2 == r1 || r2 == r0)
                            {
                                continue;
                            }

                            int toR2 = partial + shift[r2, c1];
                            foreach (var (c2, closing) in sharedWithRow[r2])
                            {
                                if (c2 != c1)
                                {
                                    sixCycles[Mod(toR2 + closing, z)]++;
                                }
                            }
                        }
                    }
                }

                // Fewest 4-cycles first (none, unless z is too small for the base matrix), then fewest 6-cycles.
                candidates.Clear();
                long fewest = long.MaxValue;
                for (int s = 0; s < z; s++)
                {
                    long score = ((long)fourCycles[s] << 32) + sixCycles[s];
                    if (score < fewest)
                    {
                        fewest = score;
                        candidates.Clear();
                    }

                    if (score == fewest)
                    {
                        candidates.Add(s);
                    }
                }

                shift[r0, c0] = candidates[rng.NextInt(candidates.Count)];
                assigned[r0, c0] = true;
                rowsOfColumn[c0].Add(r0);
                columnsOfRow[r0].Add(c0);
            }
        }
    }

    private static int Mod(int value, int z)
    {
        int m = value % z;
        return m < 0 ? m + z : m;
    }
}
