using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Reconciliation.Ldpc;

namespace QkdEdge.Distillation.Tests.Reconciliation.Ldpc;

public class QcLdpcConstructionTests
{
    private static QcCodeSpec Spec(ulong seed) => new(12, 48, 128, Enumerable.Repeat(3, 30).Concat(Enumerable.Repeat(7, 7)).ToArray(), seed);

    [Fact]
    public void Build_WhenTheSpecIsTheSame_GivesTheSameCode()
    {
        var a = QcLdpcConstruction.Build(Spec(5));
        var b = QcLdpcConstruction.Build(Spec(5));
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        for (int r = 0; r < a.BaseRows; r++)
        {
            Assert.Equal(a.Circulants(r), b.Circulants(r));
        }
    }

    [Fact]
    public void Build_WhenTheSeedDiffers_GivesAnotherCode()
    {
        Assert.NotEqual(QcLdpcConstruction.Build(Spec(5)).Fingerprint, QcLdpcConstruction.Build(Spec(6)).Fingerprint);
    }

    [Fact]
    public void Build_WhenTheCirculantsAreLarge_HasNoFourCycles()
    {
        // A 4-cycle is two checks sharing two bits.
        var code = QcLdpcConstruction.Build(Spec(7));
        var checks = code.ExpandChecks();
        var seen = new HashSet<(int, int)>();
        foreach (var check in checks)
        {
            var bits = check.Order().ToArray();
            for (int i = 0; i < bits.Length; i++)
            {
                for (int j = i + 1; j < bits.Length; j++)
                {
                    Assert.True(seen.Add((bits[i], bits[j])), $"bits {bits[i]} and {bits[j]} share two checks");
                }
            }
        }
    }

    [Fact]
    public void Build_WhenBuilt_HasTheDegreesOfTheSpecAndConcentratedRows()
    {
        var spec = Spec(8);
        var code = QcLdpcConstruction.Build(spec);
        var expected = spec.InformationColumnDegrees.Concat(Enumerable.Repeat(2, spec.StaircaseColumns)).Order();
        Assert.Equal(expected, code.ColumnDegrees.Order());
        var rowDegrees = Enumerable.Range(0, code.BaseRows).Select(code.RowDegree).ToArray();
        Assert.True(rowDegrees.Max() - rowDegrees.Min() <= 1);
    }

    [Fact]
    public void ComputeSyndrome_WhenComparedWithTheExpandedChecks_Agrees()
    {
        var code = QcLdpcConstruction.Build(Spec(9));
        var rng = new Xoshiro256StarStar(10);
        var word = new ulong[PackedBits.WordCount(code.BlockLength)];
        rng.Fill(word);
        var syndrome = new ulong[PackedBits.WordCount(code.CheckCount)];
        code.ComputeSyndrome(word, syndrome);
        var checks = code.ExpandChecks();
        for (int c = 0; c < checks.Length; c++)
        {
            int parity = checks[c].Aggregate(0, (p, v) => p ^ PackedBits.GetBit(word, v));
            Assert.Equal(parity, PackedBits.GetBit(syndrome, c));
        }
    }
}
