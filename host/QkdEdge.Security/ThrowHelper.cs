using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace QkdEdge.Security;

/// <summary>One place for misuse exceptions, so the numeric methods stay small.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowArgumentOutOfRange(string name, double value, string expected) =>
        throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} = {value} is not {expected}."));

    [DoesNotReturn]
    public static void ThrowArgument(string name, string message) => throw new ArgumentException(message, name);

    public static void ThrowIfNotProbability(double p, string name)
    {
        if (double.IsNaN(p) || p < 0.0 || p > 1.0)
        {
            ThrowArgumentOutOfRange(name, p, "a probability in [0, 1]");
        }
    }

    public static void ThrowIfNotOpenUnit(double p, string name)
    {
        if (double.IsNaN(p) || p <= 0.0 || p >= 1.0)
        {
            ThrowArgumentOutOfRange(name, p, "in the open interval (0, 1)");
        }
    }

    public static void ThrowIfNotPositive(double x, string name)
    {
        if (double.IsNaN(x) || x <= 0.0 || double.IsInfinity(x))
        {
            ThrowArgumentOutOfRange(name, x, "a positive finite number");
        }
    }
}
