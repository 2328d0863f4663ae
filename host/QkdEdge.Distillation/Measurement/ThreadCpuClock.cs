using System.Diagnostics;
using System.Runtime.InteropServices;

namespace QkdEdge.Distillation.Measurement;

/// <summary>
/// CPU time consumed by the calling thread. On a shared machine wall-clock time mixes in other processes; the
/// thread's own CPU time is what "on one core" means. Linux: clock_gettime(CLOCK_THREAD_CPUTIME_ID); elsewhere
/// the process CPU time (equal to the thread's when the measured code runs on one thread).
/// </summary>
public static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static double Seconds()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                if (ClockGetTime(ClockThreadCpuTimeId, out var spec) == 0)
                {
                    return spec.Seconds + (spec.Nanoseconds * 1e-9);
                }
            }
            catch (DllNotFoundException)
            {
            }
            catch (EntryPointNotFoundException)
            {
            }
        }

        return Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec spec);
}
