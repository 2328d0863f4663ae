using System.Buffers.Binary;
using QkdEdge.Emulator.Randomness;
using QkdEdge.Firmware.Hardware;

namespace QkdEdge.Emulator.Entropy;

/// <summary>
/// The honest emulated noise source: independent, unbiased bytes from a seeded xoshiro256** stream.
/// Statistically it stands in for the board's hardware RNG; it is reproducible by seed, which a real
/// source must not be, so it belongs in emulation only.
/// </summary>
public sealed class SeededEntropySource : IEntropySource
{
    private Xoshiro256StarStar _random;

    public SeededEntropySource(ulong seed) => _random = new Xoshiro256StarStar(seed);

    public void Fill(byte[] buffer, int offset, int count)
    {
        EntropyArguments.Check(buffer, offset, count);
        var random = _random;
        int end = offset + count;
        while (offset + 8 <= end)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(offset, 8), random.NextUInt64());
            offset += 8;
        }
        if (offset < end)
        {
            ulong last = random.NextUInt64();
            for (; offset < end; offset++, last >>= 8)
                buffer[offset] = (byte)last;
        }
        _random = random;
    }
}
