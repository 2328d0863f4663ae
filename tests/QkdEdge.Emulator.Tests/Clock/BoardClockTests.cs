using QkdEdge.Emulator.Clock;
using QkdEdge.Emulator.Timing;

namespace QkdEdge.Emulator.Tests.Clock;

public sealed class BoardClockTests
{
    [Fact]
    public void ReadTicks_WhenVirtualTimeAdvances_CountsTicksThroughOffsetAndDrift()
    {
        var time = new VirtualClock();
        // 10 MHz, booted 2 ms before the source's time 0, running 50 ppm fast.
        var clock = new BoardClock(time, 10e6, offsetSeconds: 2e-3, driftPpm: 50);

        Assert.Equal(20_000, clock.ReadTicks());
        time.AdvanceTo(1.0);
        // 2 ms + 1 s x (1 + 50e-6) = 1.00205 s = 10,020,500 ticks (floor of a value within rounding of the integer).
        Assert.InRange(clock.ReadTicks(), 10_020_499, 10_020_500);
    }

    [Fact]
    public void For_WhenIdealTiming_PutsTickEdgesHalfATickOffThePulses()
    {
        var time = new VirtualClock();
        var clock = BoardClock.For(time, 10e6, new StationTimingOptions());
        // A period of 101 ticks puts pulses where floating-point time would straddle a tick edge
        // without the half-tick phase; with it every pulse reads exactly k periods.
        for (long k = 0; k < 100_000; k++)
        {
            time.AdvanceTo(k * (101 / 10e6));
            Assert.Equal(k * 101, clock.ReadTicks());
        }
    }

    [Fact]
    public void AdvanceTo_WhenTimeWouldGoBack_Throws()
    {
        var time = new VirtualClock();
        time.AdvanceTo(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => time.AdvanceTo(0.5));
    }

    [Fact]
    public void Constructor_WhenClockWouldRunBackwards_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BoardClock(new VirtualClock(), 10e6, 0, driftPpm: -1e6));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BoardClock(new VirtualClock(), 0, 0, 0));
    }
}
