using System.Buffers.Binary;

namespace QkdEdge.KeyStore.Delivery;

/// <summary>
/// Key IDs as RFC 9562 version-8 (custom) UUIDs that carry a key's location, so the peer station
/// finds the same bits from the ID alone. The 122 custom bits hold, from the most significant end:
/// the block tag (80 bits), the byte offset in the block key (28 bits) and the key length in bytes
/// (14 bits). RFC 9562 splits the custom bits into custom_a (48 bits, octets 0-5), custom_b
/// (12 bits, after the version nibble) and custom_c (62 bits, after the two variant bits).
/// </summary>
public static class KeyIdCodec
{
    public const int OffsetBits = 28;
    public const int LengthBits = 14;
    /// <summary>Largest block prefix, in bytes, that key IDs can address (256 MiB).</summary>
    public const int MaxByteOffset = (1 << OffsetBits) - 1;
    /// <summary>Longest key, in bytes, a key ID can describe (16383 bytes, 131064 bits).</summary>
    public const int MaxByteLength = (1 << LengthBits) - 1;

    private const byte Version = 8;
    private const byte VariantBits = 0b10;

    public static Guid Encode(KeyLocation location)
    {
        if (location.ByteOffset < 0 || location.ByteOffset > MaxByteOffset)
            throw new ArgumentOutOfRangeException(nameof(location), $"Byte offset {location.ByteOffset} is outside 0..{MaxByteOffset}.");
        if (location.ByteLength < 1 || location.ByteLength > MaxByteLength)
            throw new ArgumentOutOfRangeException(nameof(location), $"Byte length {location.ByteLength} is outside 1..{MaxByteLength}.");
        if (location.Block.Value > BlockTag.Mask)
            throw new ArgumentOutOfRangeException(nameof(location), "Block tag is wider than 80 bits.");

        var value = (location.Block.Value << (OffsetBits + LengthBits))
                    | ((UInt128)(uint)location.ByteOffset << LengthBits)
                    | (uint)location.ByteLength;
        var customA = (ulong)(value >> 74);                       // 48 bits
        var customB = (ushort)((ulong)(value >> 62) & 0xFFF);     // 12 bits
        var customC = (ulong)(value & ((UInt128.One << 62) - 1)); // 62 bits

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], customC | ((ulong)VariantBits << 62));
        Span<byte> high = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(high, (customA << 16) | ((ulong)Version << 12) | customB);
        high.CopyTo(bytes);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The canonical text form used on the wire: 8-4-4-4-12 lower-case hex.</summary>
    public static string Format(KeyLocation location) => Encode(location).ToString("D");

    /// <summary>
    /// Reads a key ID in the canonical 8-4-4-4-12 form. False for any other text, another UUID
    /// version or variant, or a zero length: such an ID was not made by a QkdEdge station.
    /// </summary>
    public static bool TryDecode(string? keyId, out KeyLocation location)
    {
        location = default;
        if (keyId is null || !Guid.TryParseExact(keyId, "D", out var guid))
            return false;
        Span<byte> bytes = stackalloc byte[16];
        guid.TryWriteBytes(bytes, bigEndian: true, out _);
        var high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        var low = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        if (((high >> 12) & 0xF) != Version || (low >> 62) != VariantBits)
            return false;

        var customA = high >> 16;
        var customB = high & 0xFFF;
        var customC = low & ((1UL << 62) - 1);
        var value = ((UInt128)customA << 74) | ((UInt128)customB << 62) | customC;
        var length = (int)(uint)(value & MaxByteLength);
        var offset = (int)(uint)((value >> LengthBits) & MaxByteOffset);
        if (length == 0)
            return false;
        location = new KeyLocation(new BlockTag(value >> (OffsetBits + LengthBits)), offset, length);
        return true;
    }
}
