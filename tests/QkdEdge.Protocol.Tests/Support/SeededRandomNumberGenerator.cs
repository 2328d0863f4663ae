using System.Security.Cryptography;

namespace QkdEdge.Protocol.Tests.Support;

/// <summary>
/// A reproducible stand-in for Alice's private randomness (test selection, hash points, Toeplitz seed), so
/// that every statistical engine test runs on fixed seeds. Never for production: it is predictable.
/// </summary>
internal sealed class SeededRandomNumberGenerator(int seed) : RandomNumberGenerator
{
    private readonly Random _random = new(seed);

    public override void GetBytes(byte[] data) => _random.NextBytes(data);

    public override void GetBytes(Span<byte> data) => _random.NextBytes(data);
}
