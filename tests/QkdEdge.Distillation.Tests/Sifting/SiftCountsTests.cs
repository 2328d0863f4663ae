using QkdEdge.Distillation.Sifting;

namespace QkdEdge.Distillation.Tests.Sifting;

public class SiftCountsTests
{
    private static readonly SiftCounts Sample = new([10, 20, 30, 40, 50, 60], [9, 15, 21, 4, 44, 57], invalidSettingRounds: 2, rawKeyRounds: 100);

    [Fact]
    public void ChshWins_WhenPairIsOneOne_CountsDisagreements()
    {
        Assert.Equal(40 - 4, Sample.ChshWins(1, 1));
        Assert.Equal(9, Sample.ChshWins(0, 0));
        Assert.Equal(15, Sample.ChshWins(0, 1));
        Assert.Equal(21, Sample.ChshWins(1, 0));
        Assert.Equal(9 + 15 + 21 + 36, Sample.ChshWinsTotal);
        Assert.Equal(100, Sample.ChshTrials);
    }

    [Fact]
    public void KeyTestErrors_WhenKeyPairHasDisagreements_IsTestedMinusAgreeing()
    {
        Assert.Equal(60, Sample.KeyTestRounds);
        Assert.Equal(3, Sample.KeyTestErrors);
    }

    [Fact]
    public void Add_WhenTwoChunksAreCombined_SumsEveryCount()
    {
        var sum = Sample.Add(Sample);
        Assert.Equal(2 * Sample.ChshWinsTotal, sum.ChshWinsTotal);
        Assert.Equal(4, sum.InvalidSettingRounds);
        Assert.Equal(200, sum.RawKeyRounds);
        Assert.Equal(114, sum.Agreements(2, 1));
    }

    [Fact]
    public void ChshWins_WhenPairIsNotAChshPair_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Sample.ChshWins(2, 1));
    }
}
