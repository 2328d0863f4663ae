namespace QkdEdge.Distillation.Reconciliation.Ldpc.Design;

/// <summary>
/// The ensemble of the shipped quasi-cyclic codes, as density evolution sees a random lift of their base matrix:
/// information columns of the given degrees, spread so that every row has nearly the same degree (as
/// <see cref="QcLdpcConstruction"/> places them), and the degree-2 staircase. Three edge types keep what the
/// exchange relies on: A edges to the padding candidates (even staircase columns), B edges to the odd ones, I edges to
/// information columns. Every check has one A and one B edge except the first and the last base row, which have
/// one staircase edge only (A for the first; A for the last when the rows are even, B when odd); with 24 to 118
/// base rows those two rows are too many to leave out.
/// </summary>
public sealed class StaircaseEnsemble
{
    private readonly int[] _rowInformationDegrees;
    private readonly (int Degree, double EdgeFraction)[] _informationBits;

    public StaircaseEnsemble(int baseRows, int baseColumns, IReadOnlyList<int> informationColumnDegrees)
    {
        ArgumentNullException.ThrowIfNull(informationColumnDegrees);
        if (baseRows < 3 || baseColumns - (baseRows - 1) != informationColumnDegrees.Count || informationColumnDegrees.Any(d => d < 2 || d > baseRows))
        {
            throw new ArgumentException("The base matrix needs at least 3 rows, one degree per information column, each between 2 and the rows.");
        }

        BaseRows = baseRows;
        BaseColumns = baseColumns;
        int informationEdges = informationColumnDegrees.Sum();
        int total = informationEdges + (2 * (baseRows - 1));
        _rowInformationDegrees = new int[baseRows];
        for (int r = 0; r < baseRows; r++)
        {
            int staircaseEdges = r == 0 || r == baseRows - 1 ? 1 : 2;
            _rowInformationDegrees[r] = (total / baseRows) + (r < total % baseRows ? 1 : 0) - staircaseEdges;
        }

        _informationBits = informationColumnDegrees.GroupBy(d => d).OrderBy(g => g.Key)
            .Select(g => (g.Key, g.Key * g.Count() / (double)informationEdges)).ToArray();
        if (_rowInformationDegrees.Any(d => d < 1))
        {
            throw new ArgumentException("Every row needs at least one information edge.");
        }
    }

    /// <summary>The ensemble of a shipped code's specification.</summary>
    public static StaircaseEnsemble Of(QcCodeSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new StaircaseEnsemble(spec.BaseRows, spec.BaseColumns, spec.InformationColumnDegrees);
    }

    public int BaseRows { get; }

    public int BaseColumns { get; }

    public double DesignRate => 1 - (BaseRows / (double)BaseColumns);

    /// <summary>Padding candidates per base column count: the even staircase columns.</summary>
    public int CandidateColumns => BaseRows / 2;

    /// <summary>
    /// Whether belief propagation decodes frames of this ensemble whose key bits see a binary symmetric channel with
    /// <paramref name="errorRate"/>, modulated as <paramref name="modulation"/> says.
    /// </summary>
    public bool Converges(LlrDensityGrid grid, double errorRate, FrameModulation modulation)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var keyOrShortened = grid.Mixture((modulation.Shortened, grid.Known()), (1 - modulation.Shortened, grid.BinarySymmetric(errorRate)));
        double otherCandidates = 1 - modulation.ErasedCandidates - modulation.KnownCandidates;
        var candidateChannel = grid.Mixture(
            (modulation.ErasedCandidates, grid.Erased()), (modulation.KnownCandidates, grid.Known()), (otherCandidates, keyOrShortened));
        var toA = candidateChannel;
        var toB = keyOrShortened;
        var toI = keyOrShortened;

        int informationEdges = _rowInformationDegrees.Sum();
        int aEdges = 2 * (BaseRows / 2);
        int bEdges = 2 * ((BaseRows - 1) / 2);
        var rows = _rowInformationDegrees
            .Select((d, r) => (Degree: d, Kind: r == 0 || (r == BaseRows - 1 && BaseRows % 2 == 0) ? RowKind.OnlyA : r == BaseRows - 1 ? RowKind.OnlyB : RowKind.Both))
            .GroupBy(x => x).Select(g => (g.Key.Degree, g.Key.Kind, Count: g.Count())).ToArray();
        int minRow = _rowInformationDegrees.Min();
        int maxRow = _rowInformationDegrees.Max();
        var watch = new ConvergenceWatch();
        while (true)
        {
            var powers = grid.BoxPlusPowers(toI, minRow - 1, maxRow);
            var fromA = new double[grid.Size];
            var fromB = new double[grid.Size];
            var fromI = new double[grid.Size];
            var bothStaircase = grid.BoxPlus(toA, toB);
            foreach (var (degree, kind, count) in rows)
            {
                var otherInformation = degree > 1 ? powers[degree - 1] : null;
                if (kind != RowKind.Both)
                {
                    var staircase = kind == RowKind.OnlyA ? toA : toB;
                    LlrDensityGrid.AddScaled(fromI, otherInformation is null ? staircase : grid.BoxPlus(otherInformation, staircase), count * degree / (double)informationEdges);
                    LlrDensityGrid.AddScaled(kind == RowKind.OnlyA ? fromA : fromB, powers[degree], count / (double)(kind == RowKind.OnlyA ? aEdges : bEdges));
                }
                else
                {
                    LlrDensityGrid.AddScaled(fromI, otherInformation is null ? bothStaircase : grid.BoxPlus(otherInformation, bothStaircase), count * degree / (double)informationEdges);
                    LlrDensityGrid.AddScaled(fromA, grid.BoxPlus(powers[degree], toB), count / (double)aEdges);
                    LlrDensityGrid.AddScaled(fromB, grid.BoxPlus(powers[degree], toA), count / (double)bEdges);
                }
            }

            LlrDensityGrid.Normalised(fromA);
            LlrDensityGrid.Normalised(fromB);
            LlrDensityGrid.Normalised(fromI);

            toI = grid.BitMessages(keyOrShortened, fromI, _informationBits);
            toA = grid.Sum(candidateChannel, fromA);
            toB = grid.Sum(keyOrShortened, fromB);
            double wrong = grid.ErrorProbability(toI) + grid.ErrorProbability(toA) + grid.ErrorProbability(toB);
            if (watch.Observe(wrong) is { } decided)
            {
                return decided;
            }
        }
    }

    private enum RowKind
    {
        Both,
        OnlyA,
        OnlyB,
    }
}
