using CsCheck;
using QkdEdge.Distillation.Bits;
using QkdEdge.Protocol.Planes;
using QkdEdge.Protocol.Tests.Support;

namespace QkdEdge.Protocol.Tests.Planes;

public sealed class SettingPlanesTests
{
    private static readonly Gen<(int Alphabet, int Rounds, int Seed)> Blocks =
        Gen.Select(Gen.Int[1, 255], Gen.Int[0, 300], Gen.Int);

    [Fact]
    public void FromBytes_OnRandomColumns_KeepsEveryRoundsSettingAndNoBitPastTheLastRound()
    {
        Property.Check(Blocks, 300, seed: 21, input =>
        {
            var (alphabet, rounds, seed) = input;
            var bytes = RandomBlocks.Settings(new Random(seed), rounds, alphabet);
            var planes = SettingPlanes.FromBytes(bytes, alphabet);

            Assert.Equal(SettingPlanes.WidthFor(alphabet), planes.Width);
            Assert.Equal(bytes, planes.ToBytes());
            for (int k = 0; k < planes.Width; k++)
                Assert.Equal(0, PackedBits.PopCount(planes.Plane(k), planes.WordCount * 64L) - PackedBits.PopCount(planes.Plane(k), rounds));
        });
    }

    [Fact]
    public void MatchesAndAtLeast_OnRandomColumns_SelectExactlyTheRoundsThatCompare()
    {
        Property.Check(Gen.Select(Blocks, Gen.Int[0, 256]), 300, seed: 22, input =>
        {
            var ((alphabet, rounds, seed), value) = input;
            var bytes = RandomBlocks.Settings(new Random(seed), rounds, alphabet);
            var planes = SettingPlanes.FromBytes(bytes, alphabet);
            int probe = Math.Min(value, alphabet - 1); // a value that occurs, most of the time
            for (int i = 0; i < rounds; i++)
            {
                Assert.Equal(bytes[i] == probe, ((planes.Matches(i >> 6, probe) >> (i & 63)) & 1) != 0);
                Assert.Equal(bytes[i] >= value, ((planes.AtLeast(i >> 6, value) >> (i & 63)) & 1) != 0);
            }

            if (rounds % 64 != 0)
            {
                Assert.Equal(0UL, planes.Matches(rounds >> 6, 0) >> (rounds & 63));
                Assert.Equal(0UL, planes.AtLeast(rounds >> 6, 0) >> (rounds & 63));
            }
        });
    }

    [Fact]
    public void FromBytes_WhenASettingIsOutsideTheAlphabet_NamesTheFirstSuchRound()
    {
        var bytes = new byte[200];
        bytes[77] = 3;
        bytes[150] = 9;

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => SettingPlanes.FromBytes(bytes, 3));

        Assert.Contains("Round 77 has setting 3, outside the alphabet of 3", ex.Message);
    }

    [Fact]
    public void FromPlanes_WhenASettingIsOutsideTheAlphabetOrATailBitIsSet_Refuses()
    {
        var settings = RandomBlocks.Settings(new Random(24), 1000, 5);
        var good = SettingPlanes.FromBytes(settings, 5);
        ulong[][] Copy() => Enumerable.Range(0, good.Width).Select(k => good.Plane(k).ToArray()).ToArray();

        Assert.Equal(settings, SettingPlanes.FromPlanes(5, 1000, Copy()).ToBytes());
        var outside = Copy();
        outside[2][700 >> 6] |= 1UL << (700 & 63); // round 700 now reads 4 + its low bits: 5, 6 or 7 unless it was 0
        outside[0][700 >> 6] |= 1UL << (700 & 63);
        var tail = Copy();
        tail[1][^1] |= 1UL << 63; // round 1023 does not exist
        var ex = Assert.Throws<ArgumentException>(() => SettingPlanes.FromPlanes(5, 1000, outside));
        Assert.Contains("Round 700", ex.Message);
        Assert.Throws<ArgumentException>(() => SettingPlanes.FromPlanes(5, 1000, tail));
        Assert.Throws<ArgumentException>(() => ClickPlanes.FromPlanes(1000, new ulong[16], tail[1]));
    }

    [Fact]
    public void WidthFor_IsTheBitsOfTheLargestSetting()
    {
        Assert.Equal([1, 1, 2, 2, 3, 3, 8, 8], new[] { 1, 2, 3, 4, 5, 8, 129, 255 }.Select(SettingPlanes.WidthFor));
        Assert.Throws<ArgumentOutOfRangeException>(() => SettingPlanes.WidthFor(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SettingPlanes.WidthFor(256));
    }
}
