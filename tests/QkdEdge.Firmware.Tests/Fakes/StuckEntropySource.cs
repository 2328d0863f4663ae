using QkdEdge.Firmware.Hardware;

namespace QkdEdge.Firmware.Tests.Fakes;

/// <summary>Serves good bytes until told to stick, then one constant byte forever (a stuck noise source).</summary>
internal sealed class StuckEntropySource(int seed, byte stuckValue) : IEntropySource
{
    private readonly Random _random = new(seed);

    public bool Stuck { get; set; }

    public void Fill(byte[] buffer, int offset, int count)
    {
        if (Stuck)
            buffer.AsSpan(offset, count).Fill(stuckValue);
        else
            _random.NextBytes(buffer.AsSpan(offset, count));
    }
}
