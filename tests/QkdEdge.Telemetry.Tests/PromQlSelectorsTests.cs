using QkdEdge.Telemetry.Tests.Support;

namespace QkdEdge.Telemetry.Tests;

public sealed class PromQlSelectorsTests
{
    [Fact]
    public void Find_WhenAggregatingWithGroupingAndRange_ReturnsOnlyTheMetric()
    {
        var selectors = PromQlSelectors.Find("""sum by (station, le) (rate(qkdedge_x_bucket{station=~"$station"}[1h]))""");

        var selector = Assert.Single(selectors);
        Assert.Equal("qkdedge_x_bucket", selector.Metric);
        Assert.Equal(new LabelMatcher("station", "=~", "$station"), Assert.Single(selector.Matchers));
    }

    [Fact]
    public void Find_WhenBinaryExpressionWithOffsetAndNumbers_ReturnsBothSides()
    {
        var selectors = PromQlSelectors.Find("rate(a_total[1h]) < 0.5 * rate(b_total[1h] offset 1d) and on(station) c > 1e-9");

        Assert.Equal(["a_total", "b_total", "c"], selectors.Select(s => s.Metric));
    }

    [Fact]
    public void Find_WhenGroupingFollowsAggregation_SkipsTheLabelList()
    {
        var selectors = PromQlSelectors.Find("""sum(rate(m{reason!~"x|y"}[5m])) without (instance) / ignoring(reason) group_left(role) n""");

        Assert.Equal(["m", "n"], selectors.Select(s => s.Metric));
        Assert.Equal(new LabelMatcher("reason", "!~", "x|y"), Assert.Single(selectors[0].Matchers));
    }

    [Fact]
    public void Find_WhenNameIsALabelMatcher_ReturnsIt()
    {
        var selector = Assert.Single(PromQlSelectors.Find("""{__name__="m", a='b'}"""));

        Assert.Equal("m", selector.Metric);
        Assert.Equal(2, selector.Matchers.Count);
    }

    [Fact]
    public void Find_WhenAggregationNamesItsGroupingFirst_DoesNotTakeTheOperatorForAMetric()
    {
        var selectors = PromQlSelectors.Find("max by (state) (m == 1) + count without (x) (n)");

        Assert.Equal(["m", "n"], selectors.Select(s => s.Metric));
    }

    [Theory]
    [InlineData("m{a=\"b\"")]
    [InlineData("m{a b}")]
    [InlineData("rate(m[5m)")]
    public void Find_WhenMalformed_Throws(string expression)
    {
        Assert.Throws<FormatException>(() => PromQlSelectors.Find(expression));
    }
}
