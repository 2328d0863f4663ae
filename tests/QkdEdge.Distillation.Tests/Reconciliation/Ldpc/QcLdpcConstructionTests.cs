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
    public void Build_WhenGivenTheShippedProfiles_GivesTheCodesPeersAlreadyBuilt()
    {
        // Both stations build their codes from the specs and compare fingerprints; a change to the construction that
        // alters the shifts would make a new build unable to reconcile with an older one. These are the fingerprints
        // of the shipped profiles at circulants of 64, as built before the six-cycle count was reorganised.
        ulong[] expected =
        [
            0xF082F6C62F08B4F8UL, 0x285AB39F6CDB9D2FUL, 0x38E32DEC4E2C94A4UL, 0xB76274DE5256010DUL,
            0x89610C48E7A645ACUL, 0x3165EE31DBD200DAUL, 0xEA9C1DABE037468DUL, 0x6FFE37841C5684B8UL,
        ];
        var family = TestCodes.SmallFamily;
        Assert.Equal(expected, Enumerable.Range(0, family.Count).Select(i => family.Code(i).Fingerprint));
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
