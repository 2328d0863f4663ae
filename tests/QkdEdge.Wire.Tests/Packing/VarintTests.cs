using CsCheck;
using QkdEdge.Wire.Packing;
using QkdEdge.Wire.Tests.Support;

namespace QkdEdge.Wire.Tests.Packing;

public sealed class VarintTests
{
    [Theory]
    [InlineData(0L, 0UL)]
    [InlineData(-1L, 1UL)]
    [InlineData(1L, 2UL)]
    [InlineData(-2L, 3UL)]
    [InlineData(long.MaxValue, ulong.MaxValue - 1)]
    [InlineData(long.MinValue, ulong.MaxValue)]
    public void ZigZagEncode_WhenGivenValue_GivesProtobufMapping(long value, ulong expected)
    {
        Assert.Equal(expected, Varint.ZigZagEncode(value));
        Assert.Equal(value, Varint.ZigZagDecode(expected));
    }

    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(1UL, "01")]
    [InlineData(127UL, "7f")]
    [InlineData(128UL, "8001")]
    [InlineData(300UL, "ac02")]
    [InlineData(ulong.MaxValue, "ffffffffffffffffff01")]
    public void Write_WhenGivenValue_GivesLeb128(ulong value, string hex)
    {
        var buffer = new byte[Varint.MaxLength];
        int length = Varint.Write(buffer, 0, value);
        Assert.Equal(hex, WireBytes.Hex(buffer.AsSpan(0, length)));
        Assert.Equal(length, Varint.Length(value));
    }

    [Fact]
    public void WriteThenRead_WhenValueIsRandom_GivesItBack()
    {
        Property.Check(Gen.ULong, 5000, seed: 61, value =>
        {
            var buffer = new byte[Varint.MaxLength];
            int length = Varint.Write(buffer, 0, value);
            Assert.Equal(length, Varint.TryRead(buffer, 0, length, out ulong read));
            Assert.Equal(value, read);
        });
    }

    [Theory]
    [InlineData("8000")]                   // not minimal: a zero group after a continuation
    [InlineData("80")]                     // runs past the end
    [InlineData("ffffffffffffffffff02")]   // more than 64 bits
    [InlineData("ffffffffffffffffffff01")] // longer than 10 bytes
    public void TryRead_WhenEncodingIsInvalid_ReturnsZero(string hex)
    {
        byte[] bytes = Convert.FromHexString(hex);
        Assert.Equal(0, Varint.TryRead(bytes, 0, bytes.Length, out _));
    }
}
