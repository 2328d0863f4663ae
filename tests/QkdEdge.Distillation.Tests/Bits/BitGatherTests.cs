using System.Runtime.Intrinsics.X86;
using CsCheck;
using QkdEdge.Distillation.Bits;

namespace QkdEdge.Distillation.Tests.Bits;

public class BitGatherTests
{
    [Fact]
    public void ExtractScalar_WhenComparedWithTheDefinition_PacksTheSelectedBitsLowFirst()
    {
        Property.Check(Gen.Select(Gen.ULong, Gen.ULong), 500, seed: 5, input =>
        {
            var (value, mask) = input;
            ulong expected = 0;
            int j = 0;
            for (int i = 0; i < 64; i++)
            {
                if (((mask >> i) & 1) != 0)
                {
                    expected |= ((value >> i) & 1) << j++;
                }
            }

            Assert.Equal(expected, BitGather.ExtractScalar(value, mask));
        });
    }

    [Fact]
    public void DepositScalar_WhenComparedWithTheDefinition_PlacesTheLowBitsAtTheMaskPositions()
    {
        Property.Check(Gen.Select(Gen.ULong, Gen.ULong), 500, seed: 6, input =>
        {
            var (value, mask) = input;
            ulong expected = 0;
            int j = 0;
            for (int i = 0; i < 64; i++)
            {
                if (((mask >> i) & 1) != 0)
                {
                    expected |= ((value >> j++) & 1) << i;
                }
            }

            Assert.Equal(expected, BitGather.DepositScalar(value, mask));
        });
    }

    [Fact]
    public void DepositThenExtract_WithTheSameMask_GivesBackTheLowBits()
    {
        Property.Check(Gen.Select(Gen.ULong, Gen.ULong), 500, seed: 8, input =>
        {
            var (value, mask) = input;
            int count = System.Numerics.BitOperations.PopCount(mask);
            ulong low = count == 64 ? value : value & ((1UL << count) - 1);
            Assert.Equal(low, BitGather.Extract(BitGather.Deposit(value, mask), mask));
        });
    }

    [Fact]
    public void HardwareAndScalarForms_OnRandomWords_Agree()
    {
        if (!Bmi2.X64.IsSupported)
        {
            // Nothing to compare on this processor: both public entry points already take the scalar form.
            Assert.False(BitGather.IsHardwareAccelerated);
            return;
        }

        Property.Check(Gen.Select(Gen.ULong, Gen.ULong), 2000, seed: 9, input =>
        {
            var (value, mask) = input;
            Assert.Equal(BitGather.ExtractScalar(value, mask), Bmi2.X64.ParallelBitExtract(value, mask));
            Assert.Equal(BitGather.DepositScalar(value, mask), Bmi2.X64.ParallelBitDeposit(value, mask));
        });
    }
}
