namespace QkdEdge.Emulator.Entropy;

/// <summary>Argument checks shared by the emulated entropy sources.</summary>
internal static class EntropyArguments
{
    public static void Check(byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (offset > buffer.Length - count)
            throw new ArgumentException($"[{offset}, {offset + count}) lies outside a buffer of {buffer.Length} bytes.");
    }
}
