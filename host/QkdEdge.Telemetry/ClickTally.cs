namespace QkdEdge.Telemetry;

/// <summary>Clicks per detector over a stretch of board time.</summary>
/// <param name="Seconds">Board time the rounds spanned: what the detectors lived through, whatever the host's pace of reading.</param>
public readonly record struct ClickWindow(long Detector0, long Detector1, double Seconds);

/// <summary>
/// Counts detector clicks as rounds are archived, for the click counters and rates. A round's click pattern
/// has bit 0 for detector 0 and bit 1 for detector 1; a double click counts for both. The window runs from
/// the first round's time tag to one round period after the last one's. Not thread-safe: the ingest thread
/// owns it.
/// </summary>
public sealed class ClickTally
{
    private long _detector0, _detector1, _rounds, _firstTag, _lastTag;

    public void Add(ReadOnlySpan<byte> clickPatterns, ReadOnlySpan<long> timeTags)
    {
        if (clickPatterns.Length != timeTags.Length)
            throw new ArgumentException($"{clickPatterns.Length} click patterns but {timeTags.Length} time tags.", nameof(timeTags));
        if (clickPatterns.IsEmpty)
            return;
        long d0 = 0, d1 = 0;
        foreach (byte pattern in clickPatterns)
        {
            d0 += pattern & 1;
            d1 += (pattern >> 1) & 1;
        }
        if (_rounds == 0)
            _firstTag = timeTags[0];
        _lastTag = timeTags[^1];
        _detector0 += d0;
        _detector1 += d1;
        _rounds += clickPatterns.Length;
    }

    /// <summary>The clicks since the last take, and the board time they span; null when no round came since.</summary>
    public ClickWindow? Take(double tickHz, long roundPeriodTicks)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(roundPeriodTicks);
        if (_rounds == 0 || !(tickHz > 0))
            return null;
        long span = _lastTag - _firstTag + roundPeriodTicks;
        // A board that restarted counts its time tags from zero again: the span is then unknown, and the rounds'
        // nominal duration stands in for it.
        if (span <= 0)
            span = _rounds * roundPeriodTicks;
        var window = new ClickWindow(_detector0, _detector1, span / tickHz);
        _detector0 = _detector1 = _rounds = 0;
        return window;
    }
}
