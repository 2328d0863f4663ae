using CsCheck;
using QkdEdge.Distillation.Bits;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Planes;
using QkdEdge.Protocol.Tests.Support;

namespace QkdEdge.Protocol.Tests.Planes;

public sealed class OutputPlaneTests
{
    [Fact]
    public void Bin_ForEveryBinningOnRandomClicks_EqualsBinningEachRound()
    {
        Property.Check(Gen.Select(Gen.Int[0, 3], Gen.Int[0, 500], Gen.Int), 300, seed: 23, input =>
        {
            var (table, rounds, seed) = input;
            var binning = new OutcomeBinning(NoClick: (byte)(table & 1), DoubleClick: (byte)(table >> 1));
            var clicks = RandomBlocks.Clicks(new Random(seed), rounds);

            var plane = OutputPlane.Bin(binning, clicks);

            Assert.Equal(RandomBlocks.Pack(ByteColumnReveal.Bin(binning, clicks)), plane);
            Assert.Equal(plane, OutputPlane.Bin(binning, ClickPlanes.FromBytes(clicks)));
            if (rounds % 64 != 0)
                Assert.Equal(0UL, plane[^1] >> (rounds & 63));
        });
    }
}
