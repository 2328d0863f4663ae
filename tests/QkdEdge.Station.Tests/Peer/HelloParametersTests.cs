using QkdEdge.Station.Peer;

namespace QkdEdge.Station.Tests.Peer;

public sealed class HelloParametersTests
{
    private static readonly HelloParameters Plan = new("chsh-vv14", 5_040_000, 0.0265, 2.8001, 0.005, 1e-10, 1024);

    [Fact]
    public void Decode_WhenEncoded_ReturnsAnEqualPlan() =>
        Assert.Equal(Plan, HelloParameters.Decode(Plan.Encode()));

    [Fact]
    public void Disagreement_WhenBlockSizesDiffer_NamesBothSizes()
    {
        string? problem = Plan.Disagreement(Plan with { BlockRounds = 1_000_000 });

        Assert.NotNull(problem);
        Assert.Contains("5040000", problem);
        Assert.Contains("1000000", problem);
    }

    [Fact]
    public void Disagreement_WhenReplenishmentDiffers_NamesTheSettingAndBothValues()
    {
        string? problem = Plan.Disagreement(Plan with { AuthenticationReplenishBytes = 512 });

        Assert.NotNull(problem);
        Assert.Contains("peer:authenticationReplenishBytes 1024 here, 512 at the peer", problem);
    }

    [Fact]
    public void Disagreement_WhenPlansAreEqual_IsNull() =>
        Assert.Null(Plan.Disagreement(Plan with { }));

    [Fact]
    public void Decode_WhenTruncated_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => HelloParameters.Decode(Plan.Encode().AsMemory(0, 10)));
}
