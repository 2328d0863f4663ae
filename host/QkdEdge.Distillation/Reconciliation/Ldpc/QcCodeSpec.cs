namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// What a quasi-cyclic code is built from: base size, lifting size, the degree of each information column
/// (the last BaseRows - 1 columns are the degree-2 staircase) and the construction seed. Equal specs give
/// bit-identical codes on every machine.
/// </summary>
public sealed record QcCodeSpec(int BaseRows, int BaseColumns, int LiftingSize, IReadOnlyList<int> InformationColumnDegrees, ulong Seed)
{
    public int StaircaseColumns => BaseRows - 1;

    public int InformationColumns => BaseColumns - StaircaseColumns;

    internal void Validate()
    {
        if (BaseRows < 2 || BaseColumns <= BaseRows)
        {
            throw new ArgumentException($"A base matrix of {BaseRows} x {BaseColumns} cannot hold a staircase and information columns.");
        }

        if (InformationColumnDegrees.Count != InformationColumns)
        {
            throw new ArgumentException($"Expected {InformationColumns} information column degrees, got {InformationColumnDegrees.Count}.");
        }

        foreach (int d in InformationColumnDegrees)
        {
            if (d < 2 || d > BaseRows)
            {
                throw new ArgumentException($"An information column degree of {d} does not fit {BaseRows} base rows.");
            }
        }
    }
}
