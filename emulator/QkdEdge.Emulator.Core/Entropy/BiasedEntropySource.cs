using QkdEdge.Emulator.Randomness;
using QkdEdge.Firmware.Hardware;

namespace QkdEdge.Emulator.Entropy;

/// <summary>
/// A degraded noise source: every bit is independently 1 with probability <see cref="OnesProbability"/>
/// instead of 1/2 (an aged avalanche diode, a drifted comparator threshold). Its min-entropy per bit is
/// -log2(max(p, 1 - p)); the firmware's adaptive proportion test (NIST SP 800-90B 4.4.2) must raise an
/// alarm and halt the run once the bias is large enough for its window.
/// </summary>
/// <remarks>Each bit compares 16 random bits with a 16-bit threshold, so p is realised to within 2^-16.</remarks>
public sealed class BiasedEntropySource : IEntropySource
{
    private readonly uint _threshold;
    private Xoshiro256StarStar _random;

    public BiasedEntropySource(ulong seed, double onesProbability)
    {
        if (!(onesProbability >= 0 && onesProbability <= 1))
            throw new ArgumentOutOfRangeException(nameof(onesProbability), onesProbability, "A probability must lie in [0, 1].");
        OnesProbability = onesProbability;
        _threshold = (uint)Math.Round(onesProbability * 65536);
        _random = new Xoshiro256StarStar(seed);
    }

    public double OnesProbability { get; }

    public void Fill(byte[] buffer, int offset, int count)
    {
        EntropyArguments.Check(buffer, offset, count);
        var random = _random;
        for (int end = offset + count; offset < end; offset++)
        {
            // Two 64-bit draws give eight 16-bit lanes, one per bit of the byte.
            ulong low = random.NextUInt64(), high = random.NextUInt64();
            int value = 0;
            for (int bit = 0; bit < 4; bit++)
            {
                if ((uint)((low >> (16 * bit)) & 0xFFFF) < _threshold)
                    value |= 1 << bit;
                if ((uint)((high >> (16 * bit)) & 0xFFFF) < _threshold)
                    value |= 1 << (bit + 4);
            }
            buffer[offset] = (byte)value;
        }
        _random = random;
    }
}
