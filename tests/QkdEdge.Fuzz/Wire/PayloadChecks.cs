using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Fuzz.Wire;

/// <summary>Range checks shared by the wire targets on what a decoder reported.</summary>
internal static class PayloadChecks
{
    public static void ErrorOffset(FrameError error, int errorOffset, int length, string what)
    {
        if (error == FrameError.None ? errorOffset != 0 : errorOffset < 0 || errorOffset > length)
            throw new ContractViolationException($"{what}: {error} at offset {errorOffset}, outside 0..{length}.");
    }

    /// <summary>A decoded batch holds settings below k and click patterns of two bits.</summary>
    public static void Columns(ReadOnlySpan<byte> settings, ReadOnlySpan<byte> clicks, int count, int alphabet, string what)
    {
        if (count < 1 || count > RoundsFrameLayout.MaxRoundsPerAnyFrame)
            throw new ContractViolationException($"{what}: round count {count} outside 1..{RoundsFrameLayout.MaxRoundsPerAnyFrame}.");
        for (int i = 0; i < count; i++)
        {
            if (settings[i] >= alphabet)
                throw new ContractViolationException($"{what}: round {i} has setting {settings[i]} at alphabet {alphabet}.");
            if (clicks[i] > 3)
                throw new ContractViolationException($"{what}: round {i} has click pattern {clicks[i]}.");
        }
    }
}
