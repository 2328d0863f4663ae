using QkdEdge.Firmware.Randomness;

namespace QkdEdge.Firmware.Tests.Randomness;

public sealed class UniformDigitSamplerTests
{
    public static TheoryData<int> Alphabets()
    {
        var data = new TheoryData<int>();
        foreach (int k in new[] { 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 100, 128, 255 })
            data.Add(k);
        return data;
    }

    /// <summary>
    /// Exact uniformity by exhaustion: over all 256 byte values, the accepted ones map one-to-one onto
    /// the k^m digit tuples, with m the largest exponent such that k^m &lt;= 256 (computed here in
    /// floating point, independently of the sampler's integer loop). A uniform byte therefore yields
    /// every tuple with probability exactly 1/k^m once accepted.
    /// </summary>
    [Theory]
    [MemberData(nameof(Alphabets))]
    public void Decode_WhenEveryByteValueIsTried_MapsAcceptedBytesOneToOneOntoDigitTuples(int k)
    {
        int m = (int)Math.Floor(Math.Log(256) / Math.Log(k) + 1e-12);
        int tuples = (int)Math.Round(Math.Pow(k, m));
        Assert.True(tuples <= 256 && tuples * (long)k > 256);
        var sampler = new UniformDigitSampler(k);
        var digits = new byte[8];
        var seen = new HashSet<string>();
        var perPosition = new int[m, k];
        int accepted = 0;

        for (int raw = 0; raw < 256; raw++)
        {
            int written = sampler.Decode((byte)raw, digits, 0);
            Assert.Equal(sampler.Accepts((byte)raw), written != 0);
            if (written == 0)
                continue;
            Assert.Equal(m, written);
            accepted++;
            Assert.True(seen.Add(Convert.ToHexString(digits, 0, m)), $"byte {raw} repeats a digit tuple");
            for (int i = 0; i < m; i++)
            {
                Assert.InRange(digits[i], 0, k - 1);
                perPosition[i, digits[i]]++;
            }
        }

        Assert.Equal(tuples, accepted);
        for (int i = 0; i < m; i++)
        {
            for (int v = 0; v < k; v++)
                Assert.Equal(tuples / k, perPosition[i, v]);
        }
    }

    [Fact]
    public void Decode_WhenAlphabetIsThree_RejectsExactlyTheThirteenBytesFrom243()
    {
        // 3^5 = 243: five trits per accepted byte; 256 - 243 = 13 bytes are thrown away, never folded
        // back by a modulo, which would make trit 0 more likely.
        var sampler = new UniformDigitSampler(3);
        var digits = new byte[8];

        var rejected = Enumerable.Range(0, 256).Where(raw => sampler.Decode((byte)raw, digits, 0) == 0).ToList();

        Assert.Equal(Enumerable.Range(243, 13), rejected);
        Assert.Equal(5, sampler.DigitsPerByte);
    }

    [Fact]
    public void Decode_WhenAlphabetIsTwo_ReadsTheBitsLeastSignificantFirst()
    {
        var sampler = new UniformDigitSampler(2);
        var digits = new byte[8];

        Assert.Equal(8, sampler.Decode(0b1000_0110, digits, 0));

        Assert.Equal(new byte[] { 0, 1, 1, 0, 0, 0, 0, 1 }, digits);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(256)]
    public void Constructor_WhenAlphabetIsOutOfRange_Throws(int k)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new UniformDigitSampler(k));
    }
}
