using QkdEdge.KeyStore.Delivery;

namespace QkdEdge.KeyStore.Tests.Delivery;

public sealed class KeyIdCodecTests
{
    [Fact]
    public void Format_WhenTagOneOffsetZeroLengthOne_PlacesFieldsAsDocumented()
    {
        // By the layout: value = 1 << 42 | 1, all in custom_c, so octets 8..15 are the variant bits
        // (0b10 << 62) plus 2^42 + 1 = 0x8000_0400_0000_0001; custom_a and custom_b are zero.
        var text = KeyIdCodec.Format(new KeyLocation(new BlockTag(1), 0, 1));

        Assert.Equal("00000000-0000-8000-8000-040000000001", text);
    }

    [Fact]
    public void Format_WhenTagFillsAllBits_SetsVersionEightAndRfcVariant()
    {
        var text = KeyIdCodec.Format(new KeyLocation(new BlockTag(BlockTag.Mask), KeyIdCodec.MaxByteOffset, KeyIdCodec.MaxByteLength));

        // All 122 custom bits set: only the version nibble (8) and the variant bits (10) are not f.
        Assert.Equal("ffffffff-ffff-8fff-bfff-ffffffffffff", text);
    }

    [Fact]
    public void TryDecode_WhenLocationsAreRandom_RoundTrips()
    {
        var random = new Random(20240611); // fixed seed: a failing case reproduces
        for (var i = 0; i < 2000; i++)
        {
            var tag = new BlockTag(new UInt128((ulong)random.NextInt64() & 0xFFFF, (ulong)random.NextInt64()) & BlockTag.Mask);
            var location = new KeyLocation(tag, random.Next(0, KeyIdCodec.MaxByteOffset + 1), random.Next(1, KeyIdCodec.MaxByteLength + 1));

            Assert.True(KeyIdCodec.TryDecode(KeyIdCodec.Format(location), out var decoded));
            Assert.Equal(location, decoded);
        }
    }

    [Fact]
    public void TryDecode_WhenBlockIdIsHashed_FindsTheSameTagAsTheOtherStation()
    {
        var location = new KeyLocation(BlockTag.Of("block-000042"), 64, 32);

        Assert.True(KeyIdCodec.TryDecode(KeyIdCodec.Format(location), out var decoded));
        Assert.Equal(BlockTag.Of("block-000042"), decoded.Block);
        Assert.NotEqual(BlockTag.Of("block-000043"), decoded.Block);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-uuid")]
    [InlineData("6f1c2a9e-3b7d-4c1a-9e2f-0a1b2c3d4e5f")] // version 4
    [InlineData("00000000-0000-8000-c000-040000000001")] // variant 110 (Microsoft), not RFC 9562
    [InlineData("00000000-0000-8000-8000-040000000000")] // length zero
    [InlineData("{00000000-0000-8000-8000-040000000001}")] // braces: not the canonical form
    [InlineData("000000000000800080000400000000 01")]
    public void TryDecode_WhenNotAStationKeyId_ReturnsFalse(string text)
    {
        Assert.False(KeyIdCodec.TryDecode(text, out _));
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(KeyIdCodec.MaxByteOffset + 1, 1)]
    [InlineData(0, 0)]
    [InlineData(0, KeyIdCodec.MaxByteLength + 1)]
    public void Encode_WhenFieldOutOfRange_Throws(int offset, int length)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KeyIdCodec.Encode(new KeyLocation(new BlockTag(1), offset, length)));
    }
}
