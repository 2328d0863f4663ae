using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace QkdEdge.Station.Configuration;

/// <summary>
/// Typed reads from an <see cref="IConfiguration"/> that collect every problem with the key and the value
/// that caused it, so an operator fixes a configuration in one go instead of meeting one exception at a time.
/// </summary>
public sealed class ConfigurationValues
{
    private readonly IConfiguration _configuration;
    private readonly List<string> _errors = [];

    public ConfigurationValues(IConfiguration configuration) => _configuration = configuration;

    public IReadOnlyList<string> Errors => _errors;

    public void Fail(string message) => _errors.Add(message);

    public string? Text(string key)
    {
        string? value = _configuration[key];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    public string RequiredText(string key, string why)
    {
        string? value = Text(key);
        if (value is null)
            _errors.Add($"{key} is required: {why}");
        return value ?? "";
    }

    public double Number(string key, double? fallback, double min, double max, bool openMin = false, bool openMax = false, string? why = null)
    {
        string? text = Text(key);
        if (text is null)
        {
            if (fallback is double value)
                return value;
            _errors.Add($"{key} is required{(why is null ? "." : $": {why}")}");
            return double.NaN;
        }

        if (!double.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed)
            || double.IsNaN(parsed) || double.IsInfinity(parsed))
        {
            _errors.Add($"{key} = '{text}' is not a number.");
            return double.NaN;
        }

        bool low = openMin ? parsed <= min : parsed < min;
        bool high = openMax ? parsed >= max : parsed > max;
        if (low || high)
            _errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{key} = {text} is out of range: it must be {(openMin ? ">" : ">=")} {min:G6} and {(openMax ? "<" : "<=")} {max:G6}."));
        return parsed;
    }

    public long Whole(string key, long? fallback, long min, long max, string? why = null)
    {
        string? text = Text(key);
        if (text is null)
        {
            if (fallback is long value)
                return value;
            _errors.Add($"{key} is required{(why is null ? "." : $": {why}")}");
            return 0;
        }

        if (!long.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed))
        {
            _errors.Add($"{key} = '{text}' is not a whole number.");
            return 0;
        }

        if (parsed < min || parsed > max)
            _errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key} = {text} is out of range: it must lie in {min}..{max}."));
        return parsed;
    }

    public long? OptionalWhole(string key, long min, long max) =>
        Text(key) is null ? null : Whole(key, null, min, max);

    public TimeSpan Seconds(string key, TimeSpan fallback, double minSeconds, double maxSeconds)
    {
        double seconds = Number(key, fallback.TotalSeconds, minSeconds, maxSeconds, openMin: minSeconds == 0);
        return double.IsNaN(seconds) ? fallback : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>One of <paramref name="choices"/> (case-insensitive), named as the user may write them.</summary>
    public T Choice<T>(string key, T? fallback, IReadOnlyDictionary<string, T> choices, string? why = null)
        where T : struct
    {
        string? text = Text(key);
        if (text is null)
        {
            if (fallback is T value)
                return value;
            _errors.Add($"{key} is required: {why ?? "one of " + string.Join(", ", choices.Keys)}.");
            return default;
        }

        foreach (var (name, choice) in choices)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
                return choice;
        }

        _errors.Add($"{key} = '{text}' is not one of {string.Join(", ", choices.Keys)}.");
        return fallback ?? default;
    }
}
