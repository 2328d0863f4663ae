using System.Diagnostics;

namespace QkdEdge.Distillation.Measurement;

/// <summary>Wall-clock and calling-thread CPU seconds of one measured run.</summary>
public readonly record struct Timing(double WallSeconds, double CpuSeconds)
{
    public static Timing Measure(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        double cpu = ThreadCpuClock.Seconds();
        long start = Stopwatch.GetTimestamp();
        action();
        return new Timing(Stopwatch.GetElapsedTime(start).TotalSeconds, ThreadCpuClock.Seconds() - cpu);
    }

    /// <summary>The fastest of several runs (by CPU time): repeats take away warm-up and interference.</summary>
    public static Timing Best(int repetitions, Action action)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(repetitions);
        var best = Measure(action);
        for (int i = 1; i < repetitions; i++)
        {
            var t = Measure(action);
            if (t.CpuSeconds < best.CpuSeconds)
            {
                best = t;
            }
        }

        return best;
    }
}
