using System.Security.Cryptography;
using System.Text;

namespace QkdEdge.KeyStore.Delivery;

/// <summary>
/// The 80-bit name of a block inside key IDs. Block ids are free-form strings, too long for a UUID,
/// so a key ID carries the first 80 bits of SHA-256 over the block id's UTF-8 bytes instead; both
/// stations hold the same block ids, so both compute the same tag and map it back to the block
/// through their own store's tag index. 80 bits keep the chance that any two of n blocks share a
/// tag below n^2 / 2^81 (4e-13 for a million blocks), and a store refuses to deliver from blocks
/// whose tags collide.
/// </summary>
public readonly record struct BlockTag(UInt128 Value)
{
    public const int Bits = 80;
    public static readonly UInt128 Mask = (UInt128.One << Bits) - 1;

    public static BlockTag Of(string blockId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blockId);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(blockId), hash);
        UInt128 value = 0;
        for (var i = 0; i < Bits / 8; i++)
            value = (value << 8) | hash[i];
        return new BlockTag(value);
    }

    /// <summary>Fixed-width lower-case hex, the form the store indexes.</summary>
    public override string ToString() => Value.ToString("x20", System.Globalization.CultureInfo.InvariantCulture);
}
