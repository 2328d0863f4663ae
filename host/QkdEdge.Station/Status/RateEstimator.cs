namespace QkdEdge.Station.Status;

/// <summary>
/// Rounds per second from cumulative counts, smoothed exponentially over samples at least
/// <see cref="MinimumInterval"/> apart so that one late batch does not swing the estimate. Pure.
/// </summary>
internal sealed class RateEstimator
{
    /// <summary>Samples closer than this are merged: batches arrive every millisecond or so.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Weight of the newest sample; 0.3 forgets a rate change within a few seconds.</summary>
    private const double Smoothing = 0.3;

    private DateTimeOffset? _lastAt;
    private long _lastCount;

    public double PerSecond { get; private set; }

    public void Observe(DateTimeOffset at, long cumulative)
    {
        if (_lastAt is not DateTimeOffset last || cumulative < _lastCount)
        {
            _lastAt = at;
            _lastCount = cumulative;
            return;
        }

        var elapsed = at - last;
        if (elapsed < MinimumInterval)
            return;
        double rate = (cumulative - _lastCount) / elapsed.TotalSeconds;
        PerSecond = PerSecond == 0 ? rate : Smoothing * rate + (1 - Smoothing) * PerSecond;
        _lastAt = at;
        _lastCount = cumulative;
    }
}
