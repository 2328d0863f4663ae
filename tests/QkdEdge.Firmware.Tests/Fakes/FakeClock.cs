using QkdEdge.Firmware.Hardware;

namespace QkdEdge.Firmware.Tests.Fakes;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class FakeClock : IClock
{
    public long Ticks { get; set; }

    public long ReadTicks() => Ticks;
}
