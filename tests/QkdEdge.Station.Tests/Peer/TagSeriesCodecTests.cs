using QkdEdge.Station.Peer;

namespace QkdEdge.Station.Tests.Peer;

public sealed class TagSeriesCodecTests
{
    [Fact]
    public void Decode_WhenEncodedWithGapsJitterAndMissedTriggers_ReturnsTheSameSeries()
    {
        // Seeded (7): gaps of up to 3 rounds, jitter of up to +-3 ticks and a missed trigger now and then.
        var random = new Random(7);
        int n = 50_000;
        var rounds = new long[n];
        var tags = new long[n];
        rounds[0] = 1L << 40;
        tags[0] = -5_000_000_000;
        for (int i = 1; i < n; i++)
        {
            long step = random.Next(10) == 0 ? random.Next(2, 4) : 1;
            rounds[i] = rounds[i - 1] + step;
            tags[i] = tags[i - 1] + (step * 100) + random.Next(-3, 4) + (random.Next(1000) == 0 ? 100 : 0);
        }

        var series = TagSeriesCodec.Decode(TagSeriesCodec.Encode(rounds, tags, 100), n);

        Assert.Equal(rounds, series.Rounds.ToArray());
        Assert.Equal(tags, series.Tags.ToArray());
    }

    [Fact]
    public void Encode_WhenTagsAreRegular_IsFarSmallerThanTwoBytesPerRound()
    {
        int n = 100_000;
        var rounds = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
        var tags = rounds.Select(r => 7 + (100 * r)).ToArray();

        byte[] encoded = TagSeriesCodec.Encode(rounds, tags, 100);

        // Uncompressed, a regular round is two zero bytes; deflate's fastest level still shrinks long zero runs by
        // about a hundred (its format caps the ratio near a thousand). Ask for at least 50.
        Assert.True(encoded.Length * 50 < 2 * n, $"{encoded.Length} bytes for {n} regular rounds");
    }

    [Fact]
    public void Decode_WhenMoreRoundsThanAllowed_Throws()
    {
        var rounds = Enumerable.Range(0, 100).Select(i => (long)i).ToArray();
        byte[] encoded = TagSeriesCodec.Encode(rounds, rounds.Select(r => r * 100).ToArray(), 100);

        var error = Assert.Throws<FormatException>(() => TagSeriesCodec.Decode(encoded, 99));
        Assert.Contains("100 rounds", error.Message);
    }

    [Fact]
    public void Decode_WhenTheZlibHeaderAsksForAPresetDictionary_ThrowsFormatException()
    {
        // A valid zlib header (0x78 0x20, check bits right) with the preset-dictionary flag: zlib stops with "need
        // dictionary", which .NET reports as an IOException rather than InvalidDataException (found by fuzzing).
        var error = Assert.Throws<FormatException>(() => TagSeriesCodec.Decode([1, 0x78, 0x20, 0, 0, 0, 0, 1, 0], 10));

        Assert.IsAssignableFrom<IOException>(error.InnerException);
    }

    [Fact]
    public void Decode_WhenBytesAreNotASeries_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => TagSeriesCodec.Decode([1, 0x78, 0x9c, 0xff, 0xff], 10));
        Assert.Throws<FormatException>(() => TagSeriesCodec.Decode([9], 10));
        Assert.Throws<FormatException>(() => TagSeriesCodec.Decode([], 10));
    }

    [Fact]
    public void Decode_WhenTheCountClaimsMoreRoundsThanTheBytesHold_ThrowsBeforeAllocatingForTheClaim()
    {
        // A million rounds claimed (the caller's limit), then nothing: two arrays of the claim would be 16 MB.
        const long claimed = 1_000_000;
        byte[] payload = Deflated([0xC0, 0x84, 0x3D, 100]);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<FormatException>(() => TagSeriesCodec.Decode(payload, claimed));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains($"claims {claimed} rounds but holds 0 bytes", error.Message);
        // The inflate buffer's first step (4 KiB), the inflater and the exception: far below one array of the claim.
        Assert.InRange(allocated, 0, 256 * 1024);
    }

    [Fact]
    public void Decode_WhenAGapIsTheLargestVarint_ThrowsFormatExceptionInsteadOfWrappingToAZeroStep()
    {
        // Two rounds; the gap 2^64 - 1 plus one would wrap to a step of zero and a repeated round index.
        byte[] payload = Deflated([2, 100, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0]);

        var error = Assert.Throws<FormatException>(() => TagSeriesCodec.Decode(payload, 10));

        Assert.Contains("18446744073709551615", error.Message);
    }

    [Fact]
    public void Decode_WhenThePeriodIsZero_ThrowsNamingIt()
    {
        byte[] payload = Deflated([1, 0, 0, 0]);

        var error = Assert.Throws<FormatException>(() => TagSeriesCodec.Decode(payload, 10));

        Assert.Contains("period of 0 ticks", error.Message);
    }

    [Fact]
    public void Decode_WhenTheVersionIsUnknown_ThrowsNamingIt()
    {
        var error = Assert.Throws<FormatException>(() => TagSeriesCodec.Decode([7, 0x78, 0x9c], 10));

        Assert.Contains("version 7", error.Message);
    }

    [Fact]
    public void Encode_WhenRoundsDoNotIncrease_Throws() =>
        Assert.Throws<ArgumentException>(() => TagSeriesCodec.Encode([5, 5], [0, 100], 100));

    /// <summary>A tag series of this version around <paramref name="raw"/> (varints as the codec writes them).</summary>
    private static byte[] Deflated(byte[] raw)
    {
        using var output = new MemoryStream();
        output.WriteByte(1);
        using (var deflate = new System.IO.Compression.ZLibStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            deflate.Write(raw);
        return output.ToArray();
    }
}
