namespace QkdEdge.Security.Tests;

/// <summary>
/// Compares with a value printed in the reference sheet: equal within half a unit of its last printed digit
/// (the sheet's tables are rounded, so that is the precision they carry).
/// </summary>
internal static class Printed
{
    public static void Equal(double printed, int decimals, double actual)
    {
        double tolerance = 0.5 * Math.Pow(10, -decimals) + 1e-12;
        Assert.True(Math.Abs(actual - printed) <= tolerance, $"expected {printed} (to {decimals} decimals), got {actual}");
    }

    /// <summary>Same for a value printed with a number of significant digits (e.g. 5.216e-3 has 4).</summary>
    public static void Significant(double printed, int digits, double actual)
    {
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(printed))) - digits + 1);
        double tolerance = 0.5 * magnitude * (1 + 1e-9);
        Assert.True(Math.Abs(actual - printed) <= tolerance, $"expected {printed} ({digits} significant digits), got {actual}");
    }

    public static void Relative(double expected, double tolerance, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"expected {expected} within {tolerance:P2}, got {actual}");
}
