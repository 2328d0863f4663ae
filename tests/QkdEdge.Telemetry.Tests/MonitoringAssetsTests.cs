using System.Text.Json;
using System.Text.RegularExpressions;
using QkdEdge.Telemetry.Tests.Support;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace QkdEdge.Telemetry.Tests;

/// <summary>The Grafana dashboard and the Prometheus alert rules refer only to what a station exports.</summary>
public sealed partial class MonitoringAssetsTests
{
    private const string AlertsPath = "monitoring/prometheus/alerts.yml";
    private const string DashboardPath = "monitoring/grafana/qkdedge-dashboard.json";

    private static AlertRuleFile LoadRules()
    {
        // Strict: a key this shape does not know (a typo such as "anotations") fails the load.
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        return deserializer.Deserialize<AlertRuleFile>(File.ReadAllText(RepositoryFiles.PathOf(AlertsPath)));
    }

    private static IReadOnlyList<AlertRule> AllRules() => LoadRules().Groups.SelectMany(g => g.Rules).ToList();

    private static JsonElement LoadDashboard() =>
        JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf(DashboardPath))).RootElement;

    /// <summary>Panels at any depth: collapsed rows keep their panels inside the row.</summary>
    private static IEnumerable<JsonElement> Panels(JsonElement container)
    {
        if (!container.TryGetProperty("panels", out var panels))
            yield break;
        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            foreach (var inner in Panels(panel))
                yield return inner;
        }
    }

    private static IEnumerable<(string Where, string Expr)> DashboardQueries(JsonElement dashboard)
    {
        foreach (var panel in Panels(dashboard))
            if (panel.TryGetProperty("targets", out var targets))
                foreach (var target in targets.EnumerateArray())
                    yield return ($"panel '{panel.GetProperty("title").GetString()}' {target.GetProperty("refId").GetString()}", target.GetProperty("expr").GetString()!);
    }

    [Fact]
    public async Task AlertRules_EveryExpression_RefersOnlyToExportedMetricsAndLabels()
    {
        var exported = await ExportedMetrics.OfKnownStationAsync();
        var rules = AllRules();

        Assert.NotEmpty(rules);
        Assert.Empty(rules.SelectMany(r => exported.Problems(r.Alert, r.Expr)));
    }

    [Fact]
    public void AlertRules_EveryRule_HasSeverityPageOrTicketAndAnExistingRunbook()
    {
        var rules = AllRules();

        Assert.Equal(rules.Count, rules.Select(r => r.Alert).Distinct().Count());
        Assert.All(rules, rule =>
        {
            Assert.Matches("^Qkd[A-Za-z]+$", rule.Alert);
            Assert.Contains(rule.Labels["severity"], new[] { "page", "ticket" });
            Assert.False(string.IsNullOrWhiteSpace(rule.Annotations["summary"]));
            Assert.True(File.Exists(RepositoryFiles.PathOf(rule.Annotations["runbook_url"])), $"{rule.Alert}: runbook {rule.Annotations["runbook_url"]} is missing");
        });
    }

    [Theory]
    [InlineData("page", MetricNames.ChshMargin)]
    [InlineData("page", MetricNames.RngState)]
    [InlineData("page", MetricNames.BoardLinkUp)]
    [InlineData("page", MetricNames.PeerLinkUp)]
    [InlineData("page", MetricNames.KeyDeliveryFailures)]
    [InlineData("page", MetricNames.TamperingDetected)]
    [InlineData("ticket", MetricNames.SecretKeyBits)]
    [InlineData("ticket", MetricNames.Qber)]
    [InlineData("ticket", MetricNames.SyncDrift)]
    [InlineData("ticket", MetricNames.SyncResidual)]
    [InlineData("ticket", MetricNames.DetectorClickRate)]
    public void AlertRules_RequiredCondition_HasARuleOfItsSeverity(string severity, string metric)
    {
        Assert.Contains(AllRules(), rule => rule.Labels["severity"] == severity
            && PromQlSelectors.Find(rule.Expr).Any(s => s.Metric == metric));
    }

    [Fact]
    public void AlertRules_WhenRulesNameAScrapeJob_TheExampleConfigurationScrapesIt()
    {
        var config = new DeserializerBuilder().IgnoreUnmatchedProperties().Build()
            .Deserialize<Dictionary<string, object>>(File.ReadAllText(RepositoryFiles.PathOf("monitoring/prometheus/prometheus.yml")));
        var jobs = ((List<object>)config["scrape_configs"]).Cast<Dictionary<object, object>>().Select(j => (string)j["job_name"]).ToList();
        var ruleFiles = ((List<object>)config["rule_files"]).Cast<string>();

        var named = AllRules().SelectMany(r => PromQlSelectors.Find(r.Expr)).SelectMany(s => s.Matchers).Where(m => m.Name == "job").Select(m => m.Value).ToList();

        Assert.NotEmpty(named);
        Assert.All(named, job => Assert.Contains(job, jobs));
        Assert.Contains("alerts.yml", ruleFiles);
    }

    [Fact]
    public void AlertRules_EveryDuration_IsAPrometheusDuration()
    {
        Assert.All(AllRules().Where(r => r.For is not null), rule => Assert.Matches("^([0-9]+(ms|s|m|h|d|w|y))+$", rule.For!));
    }

    [Fact]
    public async Task Dashboard_EveryQuery_RefersOnlyToExportedMetricsAndLabels()
    {
        var exported = await ExportedMetrics.OfKnownStationAsync();
        var dashboard = LoadDashboard();
        var queries = DashboardQueries(dashboard).ToList();

        Assert.NotEmpty(queries);
        Assert.Empty(queries.SelectMany(q => exported.Problems(q.Where, q.Expr)));
        foreach (var variable in dashboard.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            if (variable.GetProperty("type").GetString() != "query")
                continue;
            var match = LabelValues().Match(variable.GetProperty("definition").GetString()!);
            Assert.True(match.Success, "template variables use label_values(metric, label)");
            Assert.Empty(exported.Problems("variable", $"{match.Groups["metric"].Value}{{{match.Groups["label"].Value}=~\"$any\"}}"));
        }
    }

    [Fact]
    public async Task Dashboard_EveryExportedMetric_IsShownOnSomePanel()
    {
        var exported = await ExportedMetrics.OfKnownStationAsync();
        var shown = DashboardQueries(LoadDashboard()).SelectMany(q => PromQlSelectors.Find(q.Expr)).Select(s => s.Metric).ToHashSet();

        var missing = exported.Names.Where(n => !shown.Contains(n) && !n.StartsWith(MetricNames.KeyFreshness, StringComparison.Ordinal)).ToList();

        Assert.Empty(missing);
        Assert.Contains(MetricNames.KeyFreshness + "_bucket", shown);
    }

    [Fact]
    public void Dashboard_Rows_AreExecutiveOnCallAndDebugEachWithPanels()
    {
        var dashboard = LoadDashboard();
        var top = dashboard.GetProperty("panels").EnumerateArray().ToList();
        var rows = top.Where(p => p.GetProperty("type").GetString() == "row").ToList();

        Assert.Equal(["Executive", "On-call", "Debug"], rows.Select(r => r.GetProperty("title").GetString()));
        // Panels of an expanded row follow it at top level; a collapsed row holds its own.
        var rowIndexes = rows.Select(r => top.IndexOf(r)).Append(top.Count).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            var following = rowIndexes[i + 1] - rowIndexes[i] - 1;
            var inner = rows[i].GetProperty("panels").GetArrayLength();
            Assert.True(following + inner > 0, $"row '{rows[i].GetProperty("title").GetString()}' has no panels");
        }
        var ids = Panels(dashboard).Select(p => p.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [GeneratedRegex(@"^label_values\((?<metric>[a-zA-Z_:][a-zA-Z0-9_:]*),\s*(?<label>[a-zA-Z_][a-zA-Z0-9_]*)\)$")]
    private static partial Regex LabelValues();
}
