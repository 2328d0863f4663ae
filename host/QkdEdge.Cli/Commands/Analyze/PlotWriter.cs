using System.Globalization;
using ScottPlot;

namespace QkdEdge.Cli.Commands.Analyze;

/// <summary>One curve of a plot.</summary>
internal sealed record PlotSeries(string Label, double[] X, double[] Y);

/// <summary>Writes line plots with ScottPlot; the file extension (.png or .svg) picks the format.</summary>
internal static class PlotWriter
{
    private const int Width = 900;
    private const int Height = 560;

    /// <param name="path">Target file.</param>
    /// <param name="title">Plot title.</param>
    /// <param name="xLabel">Horizontal axis label.</param>
    /// <param name="yLabel">Vertical axis label.</param>
    /// <param name="series">The curves.</param>
    /// <param name="logX">Plot log10 of X and label ticks as powers of ten (ScottPlot 5 has no native log axis).</param>
    public static void Write(string path, string title, string xLabel, string yLabel, IReadOnlyList<PlotSeries> series, bool logX)
    {
        var plot = new Plot();
        foreach (var s in series)
        {
            double[] x = logX ? s.X.Select(Math.Log10).ToArray() : s.X;
            var scatter = plot.Add.Scatter(x, s.Y);
            scatter.LegendText = s.Label;
            scatter.LineWidth = 2;
            scatter.MarkerSize = 4;
        }

        if (logX)
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                LabelFormatter = v => "1e" + v.ToString("0", CultureInfo.InvariantCulture),
                IntegerTicksOnly = true,
            };
        }

        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        if (path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
        {
            plot.SaveSvg(path, Width, Height);
        }
        else
        {
            plot.SavePng(path, Width, Height);
        }
    }
}
