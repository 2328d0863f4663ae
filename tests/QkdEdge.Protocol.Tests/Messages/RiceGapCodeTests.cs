using System.Text;
using CsCheck;
using QkdEdge.Distillation.Bits;
using QkdEdge.Protocol.Messages;
using QkdEdge.Protocol.Tests.Support;
using QkdEdge.Testing;

namespace QkdEdge.Protocol.Tests.PayloadCodecs;

/// <summary>
/// The Rice code of a test selection's gaps: bit for bit the code written out by hand, decoded back to the same plane,
/// with the parameter that is optimal for geometric gaps and, at the plans' test fraction, within the code's expected
/// length of the selection's entropy.
/// </summary>
public sealed class RiceGapCodeTests
{
    private static readonly Gen<(int Rounds, double Fraction, int Parameter, int Seed)> Selections =
        Gen.Select(Gen.Int[1, 3000], Gen.Int[0, 5].Select(i => new[] { 0.0, 0.001, 0.0143, 0.1, 0.5, 1.0 }[i]), Gen.Int[0, RiceGapCode.MaxParameter], Gen.Int);

    [Fact]
    public void Encode_GivesTheCodeWrittenOutGapByGap()
    {
        Property.Check(Selections, 300, seed: 81, input =>
        {
            var (rounds, fraction, parameter, seed) = input;
            var plane = RandomBlocks.Tested(new Random(seed), rounds, fraction);

            long bits = RiceGapCode.CodedBits(plane, rounds, parameter, out long ones);
            var code = RiceGapCode.Encode(plane, rounds, parameter, bits);

            string expected = ReferenceCode(plane, rounds, parameter);
            Assert.Equal(expected.Length, bits);
            Assert.Equal(expected, Text(code, bits));
            Assert.Equal(expected.Count(c => c == '1') - CountLowOnes(plane, rounds, parameter), ones);
        });
    }

    [Fact]
    public void Decode_OfEncode_GivesThePlaneBack()
    {
        Property.Check(Selections, 300, seed: 82, input =>
        {
            var (rounds, fraction, parameter, seed) = input;
            var (plane, code, bits, ones) = Coded(rounds, fraction, parameter, seed);

            var decoded = new ulong[plane.Length];
            decoded.AsSpan().Fill(ulong.MaxValue); // decoding must clear what it does not set
            RiceGapCode.Decode(code, bits, ones, parameter, decoded, rounds);

            Assert.Equal(plane, decoded);
        });
    }

    [Theory]
    [InlineData(1e-6)]
    [InlineData(0.001)]
    [InlineData(0.0143)]
    [InlineData(0.05)]
    [InlineData(0.2)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void ParameterFor_GivesTheParameterOfShortestExpectedLengthForGeometricGaps(double fraction)
    {
        long rounds = 1_000_000_000;
        int chosen = RiceGapCode.ParameterFor((long)(fraction * rounds), rounds);

        double best = Enumerable.Range(0, RiceGapCode.MaxParameter + 1).Min(k => ExpectedCodeLength(fraction, k));

        Assert.Equal(best, ExpectedCodeLength(fraction, chosen), 12);
    }

    [Fact]
    public void CodedBits_AtThePlansTestFraction_IsTheExpectedRiceLength_AndWithinTwoPercentOfTheEntropy()
    {
        // A million rounds at gamma = 0.0143, fixed seed. Each gap's code is k + 1 bits plus its unary part
        // floor(gap / 2^k), geometric with q = (1 - gamma)^(2^k): mean q / (1 - q), variance q / (1 - q)^2.
        const int rounds = 1_000_000;
        const double gamma = 0.0143;
        var plane = RandomBlocks.Tested(new Random(84), rounds, gamma);
        long ones = plane.Sum(w => (long)System.Numerics.BitOperations.PopCount(w));
        int k = RiceGapCode.ParameterFor(ones, rounds);

        long bits = RiceGapCode.CodedBits(plane, rounds, k, out _);

        double q = Math.Pow(1 - gamma, 1 << k);
        double mean = ones * ExpectedCodeLength(gamma, k), sigma = Math.Sqrt(ones * q / ((1 - q) * (1 - q)));
        Assert.InRange(bits, mean - 5 * sigma, mean + 5 * sigma);
        // The expected length itself: 7.66 bits per tested round against h(gamma) / gamma = 7.57.
        Assert.InRange(ExpectedCodeLength(gamma, k) * gamma / BinaryEntropy(gamma), 1.0, 1.02);
    }

    [Fact]
    public void Decode_WhenTheCodeStopsInsideAGap_ThrowsMalformed()
    {
        var (plane, code, bits, ones) = Coded(rounds: 500, fraction: 0.05, parameter: 4, seed: 85);

        var error = Assert.Throws<MalformedPayloadException>(() => RiceGapCode.Decode(code, bits - 2, ones, 4, new ulong[plane.Length], 500));

        Assert.Contains($"end inside code {ones} of {ones}", error.Message);
    }

    [Fact]
    public void Decode_WhenMoreGapsAreClaimedThanCoded_ThrowsMalformed()
    {
        var (plane, code, bits, ones) = Coded(rounds: 500, fraction: 0.05, parameter: 4, seed: 86);

        var error = Assert.Throws<MalformedPayloadException>(() => RiceGapCode.Decode(code, bits, ones + 1, 4, new ulong[plane.Length], 500));

        Assert.Contains($"end inside code {ones + 1} of {ones + 1}", error.Message);
    }

    [Fact]
    public void Decode_WhenBitsFollowTheLastGap_ThrowsMalformed()
    {
        var (plane, code, bits, ones) = Coded(rounds: 500, fraction: 0.05, parameter: 4, seed: 87);

        var error = Assert.Throws<MalformedPayloadException>(() => RiceGapCode.Decode(code, bits, ones - 1, 4, new ulong[plane.Length], 500));

        Assert.EndsWith($"bits after the last of {ones - 1} gaps.", error.Message);
    }

    [Fact]
    public void Decode_WhenAGapReachesPastTheBlock_ThrowsMalformed()
    {
        var (plane, code, bits, ones) = Coded(rounds: 500, fraction: 0.05, parameter: 4, seed: 88);
        long last = 63 - System.Numerics.BitOperations.LeadingZeroCount(plane[^1]) + 64L * (plane.Length - 1);

        var error = Assert.Throws<MalformedPayloadException>(() => RiceGapCode.Decode(code, bits, ones, 4, new ulong[plane.Length], last));

        Assert.Contains($"names round {last}, past the block's {last}", error.Message);
    }

    [Fact]
    public void Decode_WhenTheParameterIsTooLarge_ThrowsMalformed()
    {
        var error = Assert.Throws<MalformedPayloadException>(() => RiceGapCode.Decode(new ulong[1], 40, 1, 32, new ulong[1], 64));

        Assert.Contains("Rice parameter 32 outside 0..31", error.Message);
    }

    private static (ulong[] Plane, ulong[] Code, long Bits, long Ones) Coded(int rounds, double fraction, int parameter, int seed)
    {
        var plane = RandomBlocks.Tested(new Random(seed), rounds, fraction);
        long bits = RiceGapCode.CodedBits(plane, rounds, parameter, out long ones);
        return (plane, RiceGapCode.Encode(plane, rounds, parameter, bits), bits, ones);
    }

    /// <summary>E[k + 1 + floor(G / 2^k)] for G geometric: P(G = g) = p (1 - p)^g.</summary>
    private static double ExpectedCodeLength(double p, int k)
    {
        double q = Math.Pow(1 - p, Math.Pow(2, k));
        return k + 1 + q / (1 - q);
    }

    private static double BinaryEntropy(double p) => -p * Math.Log2(p) - (1 - p) * Math.Log2(1 - p);

    /// <summary>The code as text, from the definition: per set bit, (gap >> k) zeros, a one, the k low bits least significant first.</summary>
    private static string ReferenceCode(ulong[] plane, int rounds, int k)
    {
        var text = new StringBuilder();
        long previous = -1;
        for (int i = 0; i < rounds; i++)
        {
            if (!PackedBits.Get(plane, i))
                continue;
            long gap = i - previous - 1;
            previous = i;
            text.Append('0', (int)(gap >> k)).Append('1');
            for (int b = 0; b < k; b++)
                text.Append(((gap >> b) & 1) == 1 ? '1' : '0');
        }
        return text.ToString();
    }

    private static int CountLowOnes(ulong[] plane, int rounds, int k)
    {
        int count = 0;
        long previous = -1;
        for (int i = 0; i < rounds; i++)
        {
            if (!PackedBits.Get(plane, i))
                continue;
            count += System.Numerics.BitOperations.PopCount((ulong)(i - previous - 1) & ((1UL << k) - 1));
            previous = i;
        }
        return count;
    }

    private static string Text(ulong[] code, long bits)
    {
        var text = new StringBuilder((int)bits);
        for (long i = 0; i < bits; i++)
            text.Append(((code[i >> 6] >> (int)(i & 63)) & 1) == 1 ? '1' : '0');
        return text.ToString();
    }
}
