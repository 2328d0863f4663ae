using System.Security.Cryptography;

namespace QkdEdge.Reliability.Tests.Simulation;

/// <summary>
/// The engine's random source made reproducible for the simulation only (test selection, hash keys, seeds),
/// so a failing seed replays exactly. Not a cryptographic generator; the product uses the operating system's.
/// </summary>
internal sealed class SeededRandomNumberGenerator(int seed) : RandomNumberGenerator
{
    private readonly Random _random = new(seed);

    public override void GetBytes(byte[] data) => _random.NextBytes(data);

    public override void GetBytes(Span<byte> data) => _random.NextBytes(data);

    public override void GetNonZeroBytes(byte[] data) => GetNonZeroBytes(data.AsSpan());

    public override void GetNonZeroBytes(Span<byte> data)
    {
        for (int i = 0; i < data.Length; i++)
            data[i] = (byte)_random.Next(1, 256);
    }
}
