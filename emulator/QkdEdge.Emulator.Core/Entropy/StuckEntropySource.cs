using QkdEdge.Firmware.Hardware;

namespace QkdEdge.Emulator.Entropy;

/// <summary>
/// A noise source that fails stuck: honest bytes up to <see cref="StuckAfterBytes"/>, then the same byte
/// <see cref="StuckValue"/> forever (a dead diode, a latched comparator, a shorted line). The firmware's
/// repetition count test (NIST SP 800-90B 4.4.1) must raise an alarm within its cutoff and halt the run.
/// </summary>
public sealed class StuckEntropySource : IEntropySource
{
    private readonly SeededEntropySource _beforeFailure;
    private long _position;

    public StuckEntropySource(ulong seed, byte stuckValue, long stuckAfterBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stuckAfterBytes);
        _beforeFailure = new SeededEntropySource(seed);
        StuckValue = stuckValue;
        StuckAfterBytes = stuckAfterBytes;
    }

    public byte StuckValue { get; }

    /// <summary>Number of honest bytes delivered before the failure (0: stuck from the start).</summary>
    public long StuckAfterBytes { get; }

    public void Fill(byte[] buffer, int offset, int count)
    {
        EntropyArguments.Check(buffer, offset, count);
        int honest = (int)Math.Clamp(StuckAfterBytes - _position, 0, count);
        if (honest > 0)
            _beforeFailure.Fill(buffer, offset, honest);
        buffer.AsSpan(offset + honest, count - honest).Fill(StuckValue);
        _position += count;
    }
}
