using QkdEdge.Emulator.Randomness;
using QkdEdge.Firmware.Hardware;

namespace QkdEdge.Emulator.Entropy;

/// <summary>
/// A setting source the adversary can predict: its output is a pseudo-random stream whose seed the
/// adversary holds (a backdoored or externally seeded generator, a "QRNG" replaced by a PRNG). Every
/// statistical test passes: the bytes are balanced, uncorrelated and never repeat in any window a
/// health test uses. What is gone is unpredictability, the assumption that device independence rests
/// on; with it the adversary pre-programs the devices (<see cref="Adversaries.PredictableSettingsModel"/>).
/// </summary>
/// <remarks>
/// Byte n of the stream is byte (n mod 8) of SplitMix64 element n / 8, so <see cref="Predict"/> gives
/// any position directly, as the adversary would.
/// </remarks>
public sealed class PredictableEntropySource : IEntropySource
{
    private readonly ulong _seed;
    private long _position;

    public PredictableEntropySource(ulong seed) => _seed = seed;

    /// <summary>Stream position of the next byte <see cref="Fill"/> returns.</summary>
    public long Position => _position;

    /// <summary>The byte at <paramref name="position"/> of the stream seeded with <paramref name="seed"/>: the adversary's copy.</summary>
    public static byte Predict(ulong seed, long position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        return (byte)(SplitMix64.At(seed, (ulong)position / 8) >> (8 * (int)(position % 8)));
    }

    public void Fill(byte[] buffer, int offset, int count)
    {
        EntropyArguments.Check(buffer, offset, count);
        for (int i = 0; i < count; i++)
            buffer[offset + i] = Predict(_seed, _position + i);
        _position += count;
    }
}
