using System.Globalization;

namespace QkdEdge.Cli.Status;

/// <summary>Number and time formats of the status view and the log lines (invariant culture, SI prefixes).</summary>
internal static class StatusFormat
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>1234 -> 1.23k, 3720000 -> 3.72M.</summary>
    public static string Si(double value)
    {
        if (double.IsNaN(value))
            return "-";
        double a = Math.Abs(value);
        return a >= 1e9 ? (value / 1e9).ToString("0.##", C) + "G"
            : a >= 1e6 ? (value / 1e6).ToString("0.##", C) + "M"
            : a >= 1e3 ? (value / 1e3).ToString("0.##", C) + "k"
            : value.ToString("0.##", C);
    }

    public static string Bits(double bits) => Si(bits) + "bit";

    /// <summary>A reconciliation efficiency f, to three decimals (1.000 is the Shannon limit).</summary>
    public static string Efficiency(double f) => f.ToString("0.000", C);

    public static string Duration(TimeSpan? span)
    {
        if (span is not TimeSpan t)
            return "-";
        return t.TotalSeconds < 60 ? t.TotalSeconds.ToString("0.0", C) + " s"
            : t.TotalMinutes < 60 ? $"{(int)t.TotalMinutes} min {t.Seconds:00} s"
            : $"{(int)t.TotalHours} h {t.Minutes:00} min";
    }

    public static string Chsh(double s) => double.IsNaN(s) ? "-" : s.ToString("0.0000", C);

    public static string Percent(double fraction, string format = "0.00") => double.IsNaN(fraction) ? "-" : (100 * fraction).ToString(format, C) + " %";

    public static string Signed(double value, string format = "0.0000") => double.IsNaN(value) ? "-" : (value >= 0 ? "+" : "") + value.ToString(format, C);

    public static string Number(double value, string format) => double.IsNaN(value) ? "-" : value.ToString(format, C);
}
