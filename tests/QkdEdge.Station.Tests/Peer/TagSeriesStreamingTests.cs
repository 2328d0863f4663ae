using QkdEdge.Alignment;
using QkdEdge.Station.Peer;

namespace QkdEdge.Station.Tests.Peer;

/// <summary>
/// The tag series sent in parts as it is encoded, and decoded as the bytes arrive, gives what the whole-payload
/// codec gives, and refuses what it refuses. Seeded inputs.
/// </summary>
public sealed class TagSeriesStreamingTests
{
    private static BlockTags Series(int seed, int n)
    {
        var random = new Random(seed);
        var builder = new BlockTags.Builder(n);
        long round = 1L << 33, tag = -7_000_000;
        for (int i = 0; i < n; i++)
        {
            long step = random.Next(12) == 0 ? random.Next(2, 5) : 1;
            round += step;
            tag += (step * 100) + random.Next(-3, 4);
            builder.Add(round, tag);
        }

        return builder.Build();
    }

    [Theory]
    [InlineData(1, 300_000, 4096)]
    [InlineData(2, 300_000, 100)]
    [InlineData(3, 1, 4096)]
    public void EncodeParts_Concatenated_AreTheWholeEncodingAndEveryPartButTheLastIsFull(int seed, int rounds, int partBytes)
    {
        var tags = Series(seed, rounds);

        var parts = TagSeriesCodec.EncodeParts(tags, 100, partBytes).ToList();

        Assert.Equal(TagSeriesCodec.Encode(tags, 100), parts.SelectMany(p => p).ToArray());
        Assert.All(parts[..^1], p => Assert.Equal(partBytes, p.Length));
        Assert.InRange(parts[^1].Length, 1, partBytes);
    }

    [Theory]
    [InlineData(4, 300_000, 1)]
    [InlineData(5, 70_000, 613)]
    [InlineData(5, 70_000, 4093)]
    public async Task DecodeBlockAsync_WhenBytesArriveInPiecesOfAnySize_GivesTheSeries(int seed, int rounds, int chunk)
    {
        var tags = Series(seed, rounds);
        byte[] encoded = TagSeriesCodec.Encode(tags, 100);

        var decoded = await TagSeriesCodec.DecodeBlockAsync(new QkdEdge.Testing.ChunkedStream(encoded, chunk), rounds, CancellationToken.None);

        var expected = tags.ToSeries();
        var actual = decoded.ToSeries();
        Assert.Equal(expected.Rounds.ToArray(), actual.Rounds.ToArray());
        Assert.Equal(expected.Tags.ToArray(), actual.Tags.ToArray());
    }

    [Fact]
    public async Task DecodeBlockAsync_WhenTheSeriesIsCutShort_SaysHowManyRoundsArrived()
    {
        // The body of a 1000-round series, deflated whole but missing its last 400 rounds' bytes, then ended cleanly.
        // Consecutive rounds with a few ticks of jitter take exactly two bytes each after the first.
        var random = new Random(6);
        var rounds = Enumerable.Range(0, 1000).Select(i => 5L + i).ToArray();
        byte[] full = TagSeriesCodec.Encode(rounds, rounds.Select(r => (100 * r) + random.Next(-3, 4)).ToArray(), 100);
        byte[] body = Inflated(full);
        byte[] cut = Deflated(body.AsSpan(0, body.Length - 800));

        var ex = await Assert.ThrowsAsync<FormatException>(() => TagSeriesCodec.DecodeBlockAsync(new MemoryStream(cut), 1000, CancellationToken.None));

        Assert.Contains("of the 1000 rounds it claims", ex.Message);
        Assert.Throws<FormatException>(() => TagSeriesCodec.DecodeBlock(cut, 1000)); // the whole-payload decoder refuses it too
    }

    [Fact]
    public async Task DecodeBlockAsync_WhenMoreRoundsThanAllowedOrAnotherVersion_Refuses()
    {
        byte[] encoded = TagSeriesCodec.Encode(Series(7, 500), 100);

        var tooMany = await Assert.ThrowsAsync<FormatException>(() => TagSeriesCodec.DecodeBlockAsync(new MemoryStream(encoded), 499, CancellationToken.None));
        encoded[0] = 7;
        var version = await Assert.ThrowsAsync<FormatException>(() => TagSeriesCodec.DecodeBlockAsync(new MemoryStream(encoded), 500, CancellationToken.None));

        Assert.Contains("claims 500 rounds; a block has at most 499", tooMany.Message);
        Assert.Contains("version 7", version.Message);
    }

    private static byte[] Inflated(byte[] encoded)
    {
        using var input = new System.IO.Compression.ZLibStream(new MemoryStream(encoded, 1, encoded.Length - 1), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static byte[] Deflated(ReadOnlySpan<byte> body)
    {
        using var output = new MemoryStream();
        output.WriteByte(1);
        using (var deflate = new System.IO.Compression.ZLibStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            deflate.Write(body);
        return output.ToArray();
    }
}
