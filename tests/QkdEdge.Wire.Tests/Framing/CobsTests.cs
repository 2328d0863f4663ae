using CsCheck;
using QkdEdge.Wire.Decoding;
using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Tests.Support;

namespace QkdEdge.Wire.Tests.Framing;

public sealed class CobsTests
{
    /// <summary>The worked examples of the COBS article on Wikipedia (delimiter removed), which uses the same variant.</summary>
    public static TheoryData<string, string> PublishedExamples => new()
    {
        { "00", "0101" },
        { "0000", "010101" },
        { "001100", "01021101" },
        { "11220033", "0311220233" },
        { "11223344", "0511223344" },
        { "11000000", "0211010101" },
        { Range(0x01, 254), "ff" + Range(0x01, 254) },
        { "00" + Range(0x01, 254), "01ff" + Range(0x01, 254) },
        { Range(0x01, 255), "ff" + Range(0x01, 254) + "02ff" },
        { Range(0x02, 254) + "00", "ff" + Range(0x02, 254) + "0101" },
        { Range(0x03, 253) + "0001", "fe" + Range(0x03, 253) + "0201" },
    };

    [Theory]
    [MemberData(nameof(PublishedExamples))]
    public void Encode_WhenGivenPublishedExample_GivesPublishedBytes(string decodedHex, string encodedHex)
    {
        byte[] decoded = Convert.FromHexString(decodedHex);
        var encoded = new byte[Cobs.MaxEncodedLength(decoded.Length)];
        int length = Cobs.Encode(decoded, 0, decoded.Length, encoded, 0);
        Assert.Equal(encodedHex, WireBytes.Hex(encoded.AsSpan(0, length)));
    }

    [Theory]
    [MemberData(nameof(PublishedExamples))]
    public void TryDecode_WhenGivenPublishedExample_GivesOriginalBytes(string decodedHex, string encodedHex)
    {
        byte[] encoded = Convert.FromHexString(encodedHex);
        var decoded = new byte[encoded.Length];
        Assert.True(Cobs.TryDecode(encoded, 0, encoded.Length, decoded, 0, out int length, out _));
        Assert.Equal(decodedHex, WireBytes.Hex(decoded.AsSpan(0, length)));
        Assert.Equal(length, FastCobs.TryDecode(encoded, decoded, out _));
        Assert.Equal(decodedHex, WireBytes.Hex(decoded.AsSpan(0, length)));
    }

    [Fact]
    public void EncodeThenDecode_WhenBytesAreRandom_GivesThemBackWithoutZerosAndWithinBound()
    {
        Gen<byte[]> data = Gen.OneOf(Gen.Byte.Array[0, 1100], Gen.Byte[0, 2].Array[0, 600], Gen.Byte[1, 255].Array[0, 1100]);
        Property.Check(data, 2000, seed: 11, bytes =>
        {
            var encoded = new byte[Cobs.MaxEncodedLength(bytes.Length)];
            int length = Cobs.Encode(bytes, 0, bytes.Length, encoded, 0);
            Assert.True(length <= Cobs.MaxEncodedLength(bytes.Length));
            Assert.DoesNotContain((byte)0, encoded.AsSpan(0, length).ToArray());

            // Decode in place, as the board's receiver does.
            Assert.True(Cobs.TryDecode(encoded, 0, length, encoded, 0, out int decodedLength, out _));
            Assert.Equal(bytes, encoded.AsSpan(0, decodedLength).ToArray());
        });
    }

    [Fact]
    public void FastCobs_WhenInputIsArbitrary_AgreesWithReferenceDecoder()
    {
        // Arbitrary bytes, most of them invalid COBS: both decoders must accept and reject alike.
        Property.Check(Gen.Byte.Array[1, 600], 5000, seed: 12, bytes =>
        {
            var reference = new byte[bytes.Length];
            var fast = new byte[bytes.Length];
            bool ok = Cobs.TryDecode(bytes, 0, bytes.Length, reference, 0, out int referenceLength, out int referenceOffset);
            int fastLength = FastCobs.TryDecode(bytes, fast, out int fastOffset);
            Assert.Equal(ok, fastLength >= 0);
            if (ok)
                Assert.Equal(reference.AsSpan(0, referenceLength).ToArray(), fast.AsSpan(0, fastLength).ToArray());
            else
                Assert.True(referenceOffset >= 0 && fastOffset >= 0 && referenceOffset < bytes.Length && fastOffset < bytes.Length);
        });
    }

    [Fact]
    public void TryDecode_WhenCodeRunsPastEnd_ReportsCodeOffset()
    {
        byte[] encoded = [0x02, 0x11, 0x05, 0x22];
        var decoded = new byte[4];
        Assert.False(Cobs.TryDecode(encoded, 0, encoded.Length, decoded, 0, out _, out int offset));
        Assert.Equal(2, offset);
    }

    [Fact]
    public void Encode_WhenDestinationTooSmall_Throws()
    {
        var data = new byte[300];
        Assert.Throws<ArgumentOutOfRangeException>(() => Cobs.Encode(data, 0, data.Length, new byte[301], 0));
    }

    private static string Range(int first, int count) =>
        WireBytes.Hex(Enumerable.Range(first, count).Select(i => (byte)i).ToArray());
}
