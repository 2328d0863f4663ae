using System.Globalization;

namespace QkdEdge.Cli.Commands.Analyze;

/// <summary>
/// Parses the numeric values of the analyze commands. Options are read as text so that a bad value yields one
/// clear message naming it (and exit code BadInput) instead of a parser error.
/// </summary>
internal sealed class AnalyzeInput
{
    private readonly List<string> _errors = [];

    public IReadOnlyList<string> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    /// <summary>A real number; accepts exponents (1e9) and '_' digit separators (1_000_000).</summary>
    public double Number(string option, string? text, double min = double.NegativeInfinity, double max = double.PositiveInfinity, bool openMin = false)
    {
        if (text is null)
        {
            _errors.Add($"{option} is required.");
            return double.NaN;
        }

        if (!double.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            || double.IsNaN(value) || double.IsInfinity(value))
        {
            _errors.Add($"{option} '{text}' is not a number.");
            return double.NaN;
        }

        bool belowMin = openMin ? value <= min : value < min;
        if (belowMin || value > max)
        {
            string lower = openMin ? $"> {Format(min)}" : $">= {Format(min)}";
            _errors.Add($"{option} = {text} is out of range: it must be {lower} and <= {Format(max)}.");
        }

        return value;
    }

    /// <summary>A positive whole number of rounds (1e9 allowed).</summary>
    public long Rounds(string option, string? text)
    {
        double value = Number(option, text, 1, 1e15);
        if (HasErrors || double.IsNaN(value))
        {
            return 0;
        }

        if (Math.Abs(value - Math.Round(value)) > 1e-9 * Math.Max(1, value))
        {
            _errors.Add($"{option} = {text} must be a whole number of rounds.");
            return 0;
        }

        return (long)Math.Round(value);
    }

    /// <summary>A comma-separated list of numbers.</summary>
    public double[] List(string option, string text, double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            _errors.Add($"{option} '{text}' holds no values.");
        }

        return parts.Select(p => Number(option, p, min, max)).ToArray();
    }

    /// <summary>A plot file name ending in .png or .svg.</summary>
    public string? PlotPath(string option, string? text)
    {
        if (text is null)
        {
            return null;
        }

        string extension = Path.GetExtension(text).ToLowerInvariant();
        if (extension is not (".png" or ".svg"))
        {
            _errors.Add($"{option} '{text}' must end in .png or .svg.");
            return null;
        }

        string? folder;
        try
        {
            folder = Path.GetDirectoryName(Path.GetFullPath(text));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            _errors.Add($"{option} '{text}' is not a usable file name: {ex.Message}");
            return null;
        }

        if (folder is not null && !Directory.Exists(folder))
        {
            _errors.Add($"{option} '{text}': the folder {folder} does not exist.");
            return null;
        }

        return text;
    }

    public void Fail(string message) => _errors.Add(message);

    private static string Format(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
}
