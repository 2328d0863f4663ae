using System.Globalization;
using System.Text;
using QkdEdge.Telemetry;

namespace QkdEdge.Delivery.Tests.Support;

/// <summary>Reads a station registry's text exposition: sample values by name and labels.</summary>
public sealed class Scrape
{
    private readonly List<(string Name, string Labels, double Value)> _samples = [];

    public static async Task<Scrape> ExportAsync(StationMetrics metrics)
    {
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream);
        var scrape = new Scrape();
        foreach (var line in Encoding.UTF8.GetString(stream.ToArray()).Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var brace = line.IndexOf('{');
            var space = line.LastIndexOf(' ');
            var name = brace >= 0 ? line[..brace] : line[..space];
            var labels = brace >= 0 ? line[(brace + 1)..line.LastIndexOf('}')] : "";
            scrape._samples.Add((name, labels, double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture)));
        }
        return scrape;
    }

    public double Value(string name, params (string Label, string Value)[] labels) =>
        _samples.Single(s => s.Name == name && labels.All(l => s.Labels.Contains($"{l.Label}=\"{l.Value}\"", StringComparison.Ordinal))).Value;
}
