using nanoFramework.Hardware.Esp32;
using QkdEdge.Firmware.Board;
using QkdEdge.Firmware.Hardware;

namespace QkdEdge.Firmware.Esp32.Peripherals
{
    /// <summary>
    /// The board clock: HighResTimer.GetCurrent() reads the 64-bit esp_timer, microseconds since boot,
    /// which the firmware scales to the 10 MHz tick of time tags and round periods (the RMT clock,
    /// 80 MHz APB / 8). Its resolution is therefore 1 µs = 10 ticks; within a batch the RMT sets the
    /// timing to one tick.
    /// </summary>
    internal sealed class HighResTimerClock : IClock
    {
        private const long TicksPerMicrosecond = Esp32DevKitCProfile.TickFrequencyHz / 1000000;

        public long ReadTicks()
        {
            return (long)HighResTimer.GetCurrent() * TicksPerMicrosecond;
        }
    }
}
