using CsCheck;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Planes;
using QkdEdge.Protocol.Tests.Support;

namespace QkdEdge.Protocol.Tests.Engine;

/// <summary>The engine's bit-plane reveal helpers against the byte-per-round ones, on random blocks.</summary>
public sealed class PlaneRevealTests
{
    private static readonly Gen<(int Rounds, double Fraction, int Seed)> Blocks = Gen.Select(Gen.Int[0, 1500], Gen.Double[0, 1], Gen.Int);

    [Fact]
    public void TestedOutputsThenExpand_OnRandomBlocks_EqualTheByteColumnForms()
    {
        Property.Check(Blocks, 200, seed: 51, input =>
        {
            var (rounds, fraction, seed) = input;
            var random = new Random(seed);
            var outputs = RandomBlocks.Outputs(random, rounds);
            var tested = RandomBlocks.Tested(random, rounds, fraction);

            var (packed, count) = PlaneReveal.TestedOutputs(RandomBlocks.Pack(outputs), tested, rounds);
            var (expectedPacked, expectedCount) = ByteColumnReveal.TestedOutputs(outputs, tested);
            Assert.Equal(expectedCount, count);
            Assert.Equal(expectedPacked, packed);

            Assert.Equal(RandomBlocks.Pack(ByteColumnReveal.Expand(packed, tested, rounds)), PlaneReveal.Expand(packed, tested, rounds));
        });
    }

    [Fact]
    public void RawKey_OnRandomBlocks_EqualsTheByteColumnForm()
    {
        var protocol = Protocols.ChshVaziraniVidick;
        Property.Check(Blocks, 200, seed: 52, input =>
        {
            var (rounds, fraction, seed) = input;
            var random = new Random(seed);
            var x = RandomBlocks.Settings(random, rounds, 3);
            var y = RandomBlocks.Settings(random, rounds, 2);
            var own = RandomBlocks.Outputs(random, rounds);
            var tested = RandomBlocks.Tested(random, rounds, fraction);

            var (key, bits) = PlaneReveal.RawKey(protocol, SettingPlanes.FromBytes(x, 3), SettingPlanes.FromBytes(y, 2), RandomBlocks.Pack(own), tested);
            var (expectedKey, expectedBits) = ByteColumnReveal.RawKey(protocol, x, y, own, tested);

            Assert.Equal(expectedBits, bits);
            Assert.Equal(expectedKey, key);
        });
    }
}
