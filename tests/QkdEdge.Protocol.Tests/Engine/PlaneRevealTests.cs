using CsCheck;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Planes;
using QkdEdge.Protocol.Statistics;
using QkdEdge.Protocol.Tests.Support;

namespace QkdEdge.Protocol.Tests.Engine;

/// <summary>The engine's bit-plane reveal helpers against the byte-per-round ones, on random blocks.</summary>
public sealed class PlaneRevealTests
{
    private static readonly Gen<(int Rounds, double Fraction, int Seed)> Blocks = Gen.Select(Gen.Int[0, 1500], Gen.Double[0, 1], Gen.Int);

    [Fact]
    public void TestedOutputsThenTheirSpread_OnRandomBlocks_EqualTheByteColumnForms()
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

            // What the tally reads of a peer's reveal: the tested rounds' outputs back in place, every other round 0.
            var spread = OutputWords.Revealed(packed);
            var words = new ulong[(rounds + 63) / 64];
            for (int w = 0; w < words.Length; w++)
                words[w] = spread.Word(w, tested[w]);
            Assert.Equal(RandomBlocks.Pack(ByteColumnReveal.Expand(packed, tested, rounds)), words);
        });
    }

    [Fact]
    public void RawKey_OnRandomBlocks_EqualsTheByteColumnForm()
    {
        Property.Check(Blocks, 200, seed: 52, input =>
        {
            var (rounds, fraction, seed) = input;
            AssertRawKeyEqualsTheByteColumnForm(rounds, fraction, seed);
        });
    }

    [Theory]
    [InlineData(1, 0.05)]
    [InlineData(2, 0.5)]
    public void RawKey_OfABlockSpanningSeveralMaskChunks_EqualsTheByteColumnForm(int seed, double fraction)
    {
        // Two whole chunks of key masks and a part of a third, so that both passes cross chunk ends.
        AssertRawKeyEqualsTheByteColumnForm(2 * 64 * PlaneReveal.MaskChunkWords + 1000, fraction, seed);
    }

    private static void AssertRawKeyEqualsTheByteColumnForm(int rounds, double fraction, int seed)
    {
        var protocol = Protocols.ChshVaziraniVidick;
        var random = new Random(seed);
        var x = RandomBlocks.Settings(random, rounds, 3);
        var y = RandomBlocks.Settings(random, rounds, 2);
        var own = RandomBlocks.Outputs(random, rounds);
        var tested = RandomBlocks.Tested(random, rounds, fraction);

        var (key, bits) = PlaneReveal.RawKey(protocol, SettingPlanes.FromBytes(x, 3), SettingPlanes.FromBytes(y, 2), RandomBlocks.Pack(own), tested);
        var (expectedKey, expectedBits) = ByteColumnReveal.RawKey(protocol, x, y, own, tested);

        Assert.Equal(expectedBits, bits);
        Assert.Equal(expectedKey, key);
    }
}
