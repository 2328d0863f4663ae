using QkdEdge.Emulator.Timing;

namespace QkdEdge.Emulator.Clock;

/// <summary>
/// Where a board's tick edges sit relative to the source's pulses. A real crystal has an arbitrary
/// phase; an emulated one with offset 0 would put every pulse exactly on a tick edge, where the floor of
/// a floating-point time flips between neighbouring ticks (with a 101-tick period about one tag in
/// eight comes out one tick early on a perfect clock). Shifting the board's boot by half a tick keeps
/// pulses half a tick from any edge, so an ideal clock gives tags of exactly k periods, and the
/// configured offset still moves every tag by whole ticks as expected.
/// </summary>
public static class TickPhase
{
    /// <summary>The boot offset the timing model and the board clock use for <paramref name="timing"/>.</summary>
    public static double BootOffsetSeconds(StationTimingOptions timing, double tickFrequencyHz)
    {
        ArgumentNullException.ThrowIfNull(timing);
        return timing.ClockOffsetSeconds + 0.5 / tickFrequencyHz;
    }
}
