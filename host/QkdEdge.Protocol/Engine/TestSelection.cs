using System.Security.Cryptography;
using QkdEdge.Distillation.Bits;

namespace QkdEdge.Protocol.Engine;

/// <summary>
/// Alice's choice of test rounds. Each round is tested independently with probability
/// <see cref="ExactProbability"/>: a uniform 32-bit draw below a threshold, so the probability the
/// analysis uses is exactly the one the draw realises (threshold / 2^32), not an approximation of gamma.
/// The draw comes from the operating system's cryptographic generator: it must be unpredictable to the
/// devices, which is the one thing a DI protocol asks of the stations' own randomness.
/// </summary>
public static class TestSelection
{
    public static uint Threshold(double gamma)
    {
        if (double.IsNaN(gamma) || gamma <= 0 || gamma >= 1)
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "The test fraction must lie strictly between 0 and 1.");
        return (uint)Math.Max(1, Math.Min(uint.MaxValue, Math.Round(gamma * 4294967296.0)));
    }

    /// <summary>The probability a round is tested when drawing with <see cref="Threshold"/>(gamma).</summary>
    public static double ExactProbability(double gamma) => Threshold(gamma) / 4294967296.0;

    public static ulong[] Draw(int rounds, double gamma, RandomNumberGenerator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        uint threshold = Threshold(gamma);
        var tested = new ulong[PackedBits.WordCount(rounds)];
        var draws = new uint[Math.Min(rounds, 1 << 16)];
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(draws.AsSpan());
        for (int start = 0; start < rounds; start += draws.Length)
        {
            int count = Math.Min(draws.Length, rounds - start);
            random.GetBytes(bytes[..(count * 4)]);
            for (int i = 0; i < count; i++)
                if (draws[i] < threshold)
                    tested[(start + i) >> 6] |= 1UL << ((start + i) & 63);
        }
        return tested;
    }
}
