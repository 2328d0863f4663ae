using QkdEdge.Firmware.Hardware;

namespace QkdEdge.Firmware.Tests.Fakes;

/// <summary>Uniform bytes from a seeded generator: a healthy source whose output a seed reproduces.</summary>
internal sealed class SeededEntropySource(int seed) : IEntropySource
{
    private readonly Random _random = new(seed);

    public long BytesServed { get; private set; }

    public void Fill(byte[] buffer, int offset, int count)
    {
        _random.NextBytes(buffer.AsSpan(offset, count));
        BytesServed += count;
    }
}
