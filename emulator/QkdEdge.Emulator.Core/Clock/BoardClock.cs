using QkdEdge.Emulator.Timing;
using QkdEdge.Firmware.Hardware;

namespace QkdEdge.Emulator.Clock;

/// <summary>
/// One board's free-running tick counter, read off the virtual clock through the board's own crystal:
/// ticks = floor((offset + t (1 + drift ppm 1e-6)) f), the same clock the timing model stamps the
/// board's time tags with (<see cref="StationTimingModel"/>), so a Status frame's "board clock now"
/// and the Rounds frames' tags count on one time base.
/// </summary>
public sealed class BoardClock : IClock
{
    private readonly VirtualClock _clock;
    private readonly double _offsetSeconds;
    private readonly double _rate;
    private readonly double _tickFrequencyHz;
    private long _last;

    public BoardClock(VirtualClock clock, double tickFrequencyHz, double offsetSeconds, double driftPpm)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (!(tickFrequencyHz > 0) || double.IsInfinity(tickFrequencyHz))
            throw new ArgumentOutOfRangeException(nameof(tickFrequencyHz), tickFrequencyHz, "The tick rate must be positive.");
        if (!(offsetSeconds >= 0) || double.IsInfinity(offsetSeconds))
            throw new ArgumentOutOfRangeException(nameof(offsetSeconds), offsetSeconds, "The boot offset must be finite and non-negative.");
        if (!(driftPpm > -1e6) || double.IsInfinity(driftPpm))
            throw new ArgumentOutOfRangeException(nameof(driftPpm), driftPpm, "A clock cannot stop or run backwards.");
        _clock = clock;
        _tickFrequencyHz = tickFrequencyHz;
        _offsetSeconds = offsetSeconds;
        _rate = 1 + driftPpm * 1e-6;
    }

    /// <summary>
    /// A board clock with the offset and drift of <paramref name="timing"/>, ticking at
    /// <paramref name="tickFrequencyHz"/>, with its edges half a tick off the pulses (<see cref="TickPhase"/>).
    /// </summary>
    public static BoardClock For(VirtualClock clock, double tickFrequencyHz, StationTimingOptions timing)
    {
        ArgumentNullException.ThrowIfNull(timing);
        return new BoardClock(clock, tickFrequencyHz, TickPhase.BootOffsetSeconds(timing, tickFrequencyHz), timing.ClockDriftPpm);
    }

    public long ReadTicks()
    {
        long ticks = (long)Math.Floor((_offsetSeconds + _clock.NowSeconds * _rate) * _tickFrequencyHz);
        // Rounding is monotone, so this never bites; it keeps the interface's promise regardless.
        if (ticks < _last)
            return _last;
        _last = ticks;
        return ticks;
    }
}
