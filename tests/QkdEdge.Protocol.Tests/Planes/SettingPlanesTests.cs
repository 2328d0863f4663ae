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
    public void FromPieces_AcrossPieceBoundaries_EqualsFromBytes()
    {
        // 200,001 rounds: three whole pieces of 2^16 and a partial one, the last word partial too.
        var random = new Random(24);
        var settings = RandomBlocks.Settings(random, 200_001, 5);
        var clicks = RandomBlocks.Clicks(random, 200_001);

        var planes = SettingPlanes.FromPieces(5, settings.Length, (start, destination) => settings.AsSpan(start, destination.Length).CopyTo(destination));
        var clickPlanes = ClickPlanes.FromPieces(clicks.Length, (start, destination) => clicks.AsSpan(start, destination.Length).CopyTo(destination));

        Assert.Equal(settings, planes.ToBytes());
        Assert.Equal(clicks.Select(c => (byte)(c & 3)).ToArray(), clickPlanes.ToBytes());
        settings[150_000] = 5;
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => SettingPlanes.FromPieces(5, settings.Length, (start, destination) => settings.AsSpan(start, destination.Length).CopyTo(destination)));
        Assert.Contains("Round 150000 has setting 5", ex.Message);
    }

    [Fact]
    public void WidthFor_IsTheBitsOfTheLargestSetting()
    {
        Assert.Equal([1, 1, 2, 2, 3, 3, 8, 8], new[] { 1, 2, 3, 4, 5, 8, 129, 255 }.Select(SettingPlanes.WidthFor));
        Assert.Throws<ArgumentOutOfRangeException>(() => SettingPlanes.WidthFor(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SettingPlanes.WidthFor(256));
    }
}
