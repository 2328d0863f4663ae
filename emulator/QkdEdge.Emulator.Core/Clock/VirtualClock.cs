namespace QkdEdge.Emulator.Clock;

/// <summary>
/// The emulation's one time base: source time in seconds, with source pulse k leaving at k times the
/// pulse period. It moves only when the source emits pulses, never with the wall clock, so every board
/// clock reading, time tag and round is a function of the seed and the commands the boards received.
/// While the source is off (no board running) virtual time stands still.
/// </summary>
public sealed class VirtualClock
{
    private double _now;

    /// <summary>Source time now, seconds.</summary>
    public double NowSeconds => _now;

    /// <summary>Moves time forward to <paramref name="seconds"/>; time never goes back.</summary>
    public void AdvanceTo(double seconds)
    {
        if (!(seconds >= _now) || double.IsInfinity(seconds))
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, $"Virtual time cannot go back from {_now} s.");
        _now = seconds;
    }
}
