using CsCheck;
using QkdEdge.Wire.Packing;
using QkdEdge.Wire.Tests.Support;

namespace QkdEdge.Wire.Tests.Packing;

public sealed class ClickPackingTests
{
    [Fact]
    public void PackThenUnpack_WhenPatternsAreRandom_GivesThemBack()
    {
        Property.Check(Gen.Byte[0, 3].Array[1, 500], 1000, seed: 51, clicks =>
        {
            var packed = new byte[ClickPacking.PackedLength(clicks.Length)];
            ClickPacking.Pack(clicks, 0, clicks.Length, packed, 0);
            var unpacked = new byte[clicks.Length];
            Assert.Equal(-1, ClickPacking.Unpack(packed, 0, clicks.Length, unpacked, 0));
            Assert.Equal(clicks, unpacked);
        });
    }

    [Fact]
    public void Pack_WhenGivenEachPattern_PutsDetectorZeroInLowBit()
    {
        var packed = new byte[1];
        ClickPacking.Pack([0, 1, 2, 3], 0, 4, packed, 0);
        Assert.Equal(0b11_10_01_00, packed[0]);
    }

    [Fact]
    public void Unpack_WhenPaddingBitsSet_ReportsLastByte()
    {
        Assert.Equal(1, ClickPacking.Unpack([0, 0b0100], 0, 5, new byte[5], 0));
    }

    [Fact]
    public void Pack_WhenPatternAboveThree_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClickPacking.Pack([4], 0, 1, new byte[1], 0));
    }
}
