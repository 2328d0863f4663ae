namespace QkdEdge.Fuzz;

/// <summary>
/// Checks that one call allocated at most a fixed budget plus a multiple of its input length: the
/// signature of "allocates what a length field claims" is an allocation far beyond the bytes that
/// were actually sent. Counted on the calling thread, exactly, for targets that run on it; process-wide for
/// targets that continue on pool threads (the peer sessions: <c>spansThreads</c>), which then also counts what
/// the runtime and a test runner allocate meanwhile, so the harness runs one input at a time.
/// </summary>
public static class AllocationBound
{
    /// <summary>Off while a target warms up: first calls allocate for JIT, static tables and caches, once.</summary>
    public static bool Enforced { get; set; } = true;

    public static T Check<T>(string what, int inputLength, long fixedBytes, int bytesPerInputByte, Func<T> call, bool spansThreads = false)
    {
        if (!Enforced)
            return call();
        long bound = fixedBytes + (long)bytesPerInputByte * inputLength;
        var (result, allocated) = Measure(call, spansThreads);
        if (allocated > bound && spansThreads)
        {
            // A process-wide count also holds whatever the runtime and the test runner allocated meanwhile on other
            // threads. That noise is not repeatable, while a target's own allocation for an input is: measure once
            // more and keep the smaller figure.
            var again = Measure(call, spansThreads);
            if (again.Allocated < allocated)
                (result, allocated) = again;
        }

        if (allocated > bound)
            throw new ContractViolationException(
                $"{what} allocated {allocated} bytes for {inputLength} input bytes; the bound is {bound} ({fixedBytes} + {bytesPerInputByte} per input byte).");
        return result;
    }

    private static (T Result, long Allocated) Measure<T>(Func<T> call, bool spansThreads)
    {
        long before = spansThreads ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread();
        T result = call();
        long after = spansThreads ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread();
        return (result, after - before);
    }
}
