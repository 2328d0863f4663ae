using System.IO.Hashing;
using System.Text;
using CsCheck;
using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Tests.Support;

namespace QkdEdge.Wire.Tests.Framing;

public sealed class Crc32IeeeTests
{
    [Fact]
    public void Compute_WhenGivenStandardCheckString_GivesCheckValue()
    {
        // The catalogued check value of CRC-32/ISO-HDLC (IEEE 802.3) for "123456789".
        byte[] check = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xCBF43926u, Crc32Ieee.Compute(check, 0, check.Length));
    }

    [Fact]
    public void Compute_WhenBytesAreRandom_AgreesWithSystemIoHashing()
    {
        Property.Check(Gen.Select(Gen.Byte.Array[0, 1100], Gen.Int[0, 16], Gen.Int[0, 16]), 2000, seed: 21, t =>
        {
            (byte[] bytes, int skipStart, int skipEnd) = t;
            int offset = Math.Min(skipStart, bytes.Length);
            int count = Math.Max(0, bytes.Length - offset - skipEnd);
            Assert.Equal(Crc32.HashToUInt32(bytes.AsSpan(offset, count)), Crc32Ieee.Compute(bytes, offset, count));
        });
    }
}
