using System.Text.RegularExpressions;

namespace QkdEdge.Telemetry.Tests.Support;

/// <summary>
/// What a station exports once every update was called, as the reference that dashboards and
/// alert rules are checked against: sample names, and for each the label names and values seen.
/// </summary>
public sealed partial class ExportedMetrics
{
    /// <summary>Labels Prometheus adds to every scraped series.</summary>
    private static readonly HashSet<string> TargetLabels = ["instance", "job"];
    /// <summary>Series Prometheus makes itself for every target.</summary>
    private static readonly HashSet<string> PrometheusSeries = ["up"];

    private readonly ScrapedMetrics _scraped;

    private ExportedMetrics(ScrapedMetrics scraped) => _scraped = scraped;

    public static async Task<ExportedMetrics> OfKnownStationAsync()
    {
        var metrics = StationMetrics.Create("alice");
        KnownStation.DriveAll(metrics);
        return new ExportedMetrics(await KnownStation.ExportAsync(metrics));
    }

    public IEnumerable<string> Names => _scraped.Names;

    /// <summary>Everything wrong with <paramref name="expression"/>'s selectors; empty when all refer to exported series.</summary>
    public IEnumerable<string> Problems(string where, string expression)
    {
        foreach (var selector in PromQlSelectors.Find(expression))
        {
            if (PrometheusSeries.Contains(selector.Metric))
                continue;
            var samples = _scraped.Samples.Where(s => s.Name == selector.Metric).ToList();
            if (samples.Count == 0)
            {
                yield return $"{where}: metric '{selector.Metric}' is not exported";
                continue;
            }
            foreach (var matcher in selector.Matchers)
            {
                if (TargetLabels.Contains(matcher.Name))
                    continue;
                var values = samples.Where(s => s.Labels.ContainsKey(matcher.Name)).Select(s => s.Labels[matcher.Name]).ToHashSet();
                if (values.Count == 0)
                    yield return $"{where}: '{selector.Metric}' has no label '{matcher.Name}'";
                else if (matcher.Operator is "=" or "=~" && !matcher.Value.Contains('$'))
                    foreach (var alternative in Alternatives(matcher))
                        if (!values.Contains(alternative))
                            yield return $"{where}: '{selector.Metric}' never has {matcher.Name}=\"{alternative}\"";
            }
        }
    }

    /// <summary>The literal values a matcher accepts: the value itself, or the words of an a|b|c regex.</summary>
    private static IEnumerable<string> Alternatives(LabelMatcher matcher) =>
        matcher.Operator == "=" ? [matcher.Value]
        : WordAlternation().IsMatch(matcher.Value) ? matcher.Value.Split('|') : [];

    [GeneratedRegex("^[A-Za-z0-9_-]+(\\|[A-Za-z0-9_-]+)*$")]
    private static partial Regex WordAlternation();
}
