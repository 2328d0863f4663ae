namespace QkdEdge.Station.Configuration;

/// <summary>
/// Exponential backoff between connection attempts: a replugged USB bridge or a restarted peer is back
/// within seconds, while a link that stays down should not be hammered. Pure: the delay depends only on
/// the number of consecutive failures.
/// </summary>
public sealed record ReconnectPolicy
{
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public double Multiplier { get; init; } = 2.0;

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Consecutive failed attempts after which the station gives up; null retries for ever.</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>The wait before attempt number <paramref name="failures"/> + 1, after that many failures in a row.</summary>
    public TimeSpan DelayAfter(int failures)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(failures);
        double seconds = InitialDelay.TotalSeconds * Math.Pow(Multiplier, failures - 1);
        return seconds >= MaxDelay.TotalSeconds ? MaxDelay : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>True when <paramref name="failures"/> consecutive failures exhaust the attempts.</summary>
    public bool GivesUpAfter(int failures) => MaxAttempts is int max && failures >= max;
}
