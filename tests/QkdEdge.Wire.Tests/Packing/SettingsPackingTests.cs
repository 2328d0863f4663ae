using CsCheck;
using QkdEdge.Wire.Packing;
using QkdEdge.Wire.Tests.Support;

namespace QkdEdge.Wire.Tests.Packing;

public sealed class SettingsPackingTests
{
    [Theory]
    [InlineData(2, 8)]
    [InlineData(3, 5)]
    [InlineData(4, 4)]
    [InlineData(5, 3)]
    [InlineData(6, 3)]
    [InlineData(7, 2)]
    [InlineData(16, 2)]
    [InlineData(17, 1)]
    [InlineData(255, 1)]
    public void SettingsPerByte_WhenGivenAlphabet_MatchesSpecTable(int k, int m)
    {
        // docs/wire-protocol.md 4.2 lists m, the largest m with k^m <= 256.
        Assert.Equal(m, SettingsPacking.SettingsPerByte(k));
        Assert.True(Math.Pow(k, m) <= 256 && Math.Pow(k, m + 1) > 256);
    }

    [Fact]
    public void PackThenUnpack_WhenSettingsAreRandom_GivesThemBack()
    {
        Gen<(int, byte[])> gen = from k in RoundColumns.Alphabet
                                 from s in Gen.Int[0, k - 1].Select(v => (byte)v).Array[1, 700]
                                 select (k, s);
        Property.Check(gen, 2000, seed: 41, t =>
        {
            (int k, byte[] settings) = t;
            var packed = new byte[SettingsPacking.PackedLength(settings.Length, k)];
            Assert.Equal(packed.Length, SettingsPacking.Pack(settings, 0, settings.Length, k, packed, 0));
            Assert.All(packed, b => Assert.True(b < SettingsPacking.PackedByteLimit(k)));
            var unpacked = new byte[settings.Length];
            Assert.Equal(-1, SettingsPacking.Unpack(packed, 0, settings.Length, k, unpacked, 0));
            Assert.Equal(settings, unpacked);
        });
    }

    [Fact]
    public void Pack_WhenAlphabetIsThree_PutsFirstRoundInLeastSignificantTrit()
    {
        var packed = new byte[2];
        SettingsPacking.Pack([2, 0, 1, 0, 0, 1], 0, 6, 3, packed, 0);
        Assert.Equal([2 + 1 * 9, 1], packed);
    }

    [Fact]
    public void Unpack_WhenByteIsAtLeastKToTheM_ReportsIt()
    {
        byte[] packed = [10, 243];
        Assert.Equal(1, SettingsPacking.Unpack(packed, 0, 10, 3, new byte[10], 0));
    }

    [Fact]
    public void Unpack_WhenPaddingDigitIsNotZero_ReportsLastByte()
    {
        // 7 rounds at k = 3: the second byte holds two settings, so it must be below 3^2 = 9.
        byte[] packed = [0, 9];
        Assert.Equal(1, SettingsPacking.Unpack(packed, 0, 7, 3, new byte[7], 0));
    }
}
