using System.CommandLine;

namespace QkdEdge.Emulator;

/// <summary>Parse-time range checks, so a bad value is reported with the option's name before anything runs.</summary>
internal static class OptionChecks
{
    public static Option<double?> Probability(this Option<double?> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } p && !(p >= 0 && p <= 1))
                result.AddError($"{option.Name} must lie in [0, 1], not {p}.");
        });
        return option;
    }

    public static Option<double?> NonNegative(this Option<double?> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } value && !(value >= 0 && !double.IsInfinity(value)))
                result.AddError($"{option.Name} must be finite and non-negative, not {value}.");
        });
        return option;
    }

    public static Option<double?> Finite(this Option<double?> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } value && (double.IsNaN(value) || double.IsInfinity(value)))
                result.AddError($"{option.Name} must be a finite number, not {value}.");
        });
        return option;
    }

    public static Option<T> Positive<T>(this Option<T> option)
        where T : struct, IComparable<T>
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T>().CompareTo(default) <= 0)
                result.AddError($"{option.Name} must be positive, not {result.GetValueOrDefault<T>()}.");
        });
        return option;
    }

    public static Option<T?> Positive<T>(this Option<T?> option)
        where T : struct, IComparable<T>
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T?>() is { } value && value.CompareTo(default) <= 0)
                result.AddError($"{option.Name} must be positive, not {value}.");
        });
        return option;
    }

    public static Option<int?> Between(this Option<int?> option, int min, int max)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } value && (value < min || value > max))
                result.AddError($"{option.Name} must lie in {min}..{max}, not {value}.");
        });
        return option;
    }
}
