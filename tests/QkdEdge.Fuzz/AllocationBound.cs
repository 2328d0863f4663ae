namespace QkdEdge.Fuzz;

/// <summary>
/// Checks that one call allocated at most a fixed budget plus a multiple of its input length: the
/// signature of "allocates what a length field claims" is an allocation far beyond the bytes that
/// were actually sent. Counted process-wide (the peer session continues on pool threads), so the
/// harness runs one input at a time.
/// </summary>
public static class AllocationBound
{
    /// <summary>Off while a target warms up: first calls allocate for JIT, static tables and caches, once.</summary>
    public static bool Enforced { get; set; } = true;

    public static T Check<T>(string what, int inputLength, long fixedBytes, int bytesPerInputByte, Func<T> call)
    {
        if (!Enforced)
            return call();
        long before = GC.GetTotalAllocatedBytes(precise: false);
        T result = call();
        long allocated = GC.GetTotalAllocatedBytes(precise: false) - before;
        long bound = fixedBytes + (long)bytesPerInputByte * inputLength;
        if (allocated > bound)
            throw new ContractViolationException(
                $"{what} allocated {allocated} bytes for {inputLength} input bytes; the bound is {bound} ({fixedBytes} + {bytesPerInputByte} per input byte).");
        return result;
    }
}
