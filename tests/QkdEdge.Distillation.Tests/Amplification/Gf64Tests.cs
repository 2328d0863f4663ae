using CsCheck;
using QkdEdge.Distillation.Amplification;
using QkdEdge.Distillation.Tests.Support;

namespace QkdEdge.Distillation.Tests.Amplification;

public class Gf64Tests
{
    /// <summary>Reference product: shift-and-add with reduction by x^64 = x^4 + x^3 + x + 1 at every step.</summary>
    private static ulong SlowMultiply(ulong a, ulong b)
    {
        ulong result = 0;
        for (int i = 0; i < 64; i++)
        {
            if (((b >> i) & 1) != 0)
            {
                result ^= a;
            }

            bool carry = (a >> 63) != 0;
            a <<= 1;
            if (carry)
            {
                a ^= 0x1B;
            }
        }

        return result;
    }

    [Fact]
    public void Multiply_WhenComparedWithShiftAndAdd_Agrees()
    {
        Property.Check(Gen.Select(Gen.ULong, Gen.ULong), 2000, seed: 30, input =>
        {
            var (a, b) = input;
            Assert.Equal(SlowMultiply(a, b), Gf64.Multiply(a, b));
            var (lo, hi) = Gf64.CarrylessMultiplySoftware(a, b);
            Assert.Equal(SlowMultiply(a, b), Gf64.Reduce(lo, hi));
        });
    }

    [Fact]
    public void MultiplyAccumulateAndPointwise_WhenVectorised_MatchTheScalarProduct()
    {
        Property.Check(Gen.Select(Gen.ULong.Array[0, 40], Gen.ULong), 200, seed: 31, input =>
        {
            var (values, factor) = input;
            var destination = values.Select(v => v ^ 0xFFFF).ToArray();
            var expected = destination.Select((d, i) => d ^ SlowMultiply(values[i], factor)).ToArray();
            Gf64.MultiplyAccumulate(destination, values, factor);
            Assert.Equal(expected, destination);

            var products = values.ToArray();
            var factors = values.Select(v => v * 31 + factor).ToArray();
            Gf64.MultiplyPointwise(products, factors);
            Assert.Equal(values.Select((v, i) => SlowMultiply(v, factors[i])).ToArray(), products);
        });
    }

    [Fact]
    public void Beta_WhenSquaredPlusItself_GivesThePreviousBasisElement()
    {
        Assert.Equal(1UL, CantorBasis.Beta(0));
        for (int i = 1; i < CantorBasis.Size; i++)
        {
            ulong b = CantorBasis.Beta(i);
            Assert.Equal(CantorBasis.Beta(i - 1), SlowMultiply(b, b) ^ b);
        }
    }
}
