using QkdEdge.Firmware.Hardware;

namespace QkdEdge.Firmware.Tests.Fakes;

/// <summary>
/// A biased source that never repeats its favourite value twice in a row: it emits 0 with
/// probability <c>bias</c> unless the previous byte was 0, and otherwise a uniform non-zero byte.
/// Its stationary share of zeros is bias / (1 + bias). Without runs the repetition count test cannot
/// see it; only the adaptive proportion test can.
/// </summary>
internal sealed class NoRepeatBiasedEntropySource(int seed, double bias) : IEntropySource
{
    private readonly Random _random = new(seed);
    private byte _previous = 1;

    public void Fill(byte[] buffer, int offset, int count)
    {
        for (int i = offset; i < offset + count; i++)
        {
            byte next = _previous != 0 && _random.NextDouble() < bias ? (byte)0 : (byte)_random.Next(1, 256);
            buffer[i] = next;
            _previous = next;
        }
    }
}
