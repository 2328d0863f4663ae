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
    [InlineData(4, 300_000, 1, false)]
    [InlineData(5, 70_000, 613, false)]
    [InlineData(5, 70_000, 4093, false)]
    [InlineData(11, 200_000, 1, true)]      // clean stretches between jitter, decoded in bulk
    [InlineData(12, 200_000, 7, true)]
    [InlineData(13, 200_000, 65_536, true)]
    public async Task DecodeBlockAsync_WhenBytesArriveInPiecesOfAnySize_GivesTheSeries(int seed, int rounds, int chunk, bool cleanStretches)
    {
        var tags = cleanStretches ? MixedSeries(seed, rounds) : Series(seed, rounds);
        byte[] encoded = TagSeriesCodec.Encode(tags, 100);

        var decoded = await TagSeriesCodec.DecodeBlockAsync(new QkdEdge.Testing.ChunkedStream(encoded, chunk), rounds, CancellationToken.None);

        var expected = tags.ToSeries();
        var actual = decoded.ToSeries();
        Assert.Equal(expected.Rounds.ToArray(), actual.Rounds.ToArray());
        Assert.Equal(expected.Tags.ToArray(), actual.Tags.ToArray());
    }

    /// <summary>
    /// Clean stretches (the next round, exactly a period later) of every length from 1 to 5,000 between jittered rounds,
    /// gaps and missed triggers: the encoder and the parser take clean stretches in bulk, so their edges are what to test.
    /// </summary>
    private static BlockTags MixedSeries(int seed, int n)
    {
        var random = new Random(seed);
        var builder = new BlockTags.Builder(n);
        long round = 1L << 35, tag = -9_000_000;
        while (builder.Count < n)
        {
            int clean = Math.Min(n - builder.Count, random.Next(3) == 0 ? random.Next(1, 12) : random.Next(1, 5000));
            for (int i = 0; i < clean; i++)
                builder.Add(++round, tag += 100);
            if (builder.Count == n)
                break;
            long step = random.Next(4) == 0 ? random.Next(2, 5) : 1;
            round += step;
            tag += (step * 100) + (random.Next(2) == 0 ? random.Next(1, 4) : -random.Next(1, 4));
            builder.Add(round, tag);
        }

        return builder.Build();
    }

    [Fact]
    public void Encode_OfCleanStretchesBetweenJitter_InflatesToTheFormatsBody()
    {
        var tags = MixedSeries(10, 200_000);

        byte[] encoded = TagSeriesCodec.Encode(tags, 100);

        var series = tags.ToSeries();
        Assert.Equal(ReferenceBody(series.Rounds, series.Tags, 100), Inflated(encoded)); // two varints per round, as before
    }

    [Theory]
    [InlineData(14, 100_000, 1000, 1)]
    [InlineData(15, 100_000, 4096, 333)]
    [InlineData(16, 100_000, 1, 4093)]
    public void Parser_InSegments_FedInPieces_HandsOutTheSeriesInWholeSegments(int seed, int rounds, int segmentRounds, int piece)
    {
        var tags = MixedSeries(seed, rounds);
        byte[] body = Inflated(TagSeriesCodec.Encode(tags, 100));
        var segments = new List<BlockTags>();
        var parser = new TagSeriesParser(rounds, segmentRounds: segmentRounds, onSegment: segments.Add);

        byte[] held = new byte[body.Length];
        int count = 0;
        for (int at = 0; at < body.Length; at += piece)
        {
            int take = Math.Min(piece, body.Length - at);
            body.AsSpan(at, take).CopyTo(held.AsSpan(count));
            count += take;
            int used = parser.Feed(held.AsSpan(0, count), final: at + take == body.Length);
            held.AsSpan(used, count - used).CopyTo(held);
            count -= used;
        }

        Assert.True(parser.IsComplete);
        Assert.Equal((rounds + segmentRounds - 1) / segmentRounds, segments.Count);
        Assert.All(segments[..^1], segment => Assert.Equal(segmentRounds, segment.Count));
        var expected = tags.ToSeries();
        Assert.Equal(expected.Rounds.ToArray(), segments.SelectMany(x => x.ToSeries().Rounds.ToArray()).ToArray());
        Assert.Equal(expected.Tags.ToArray(), segments.SelectMany(x => x.ToSeries().Tags.ToArray()).ToArray());
    }

    /// <summary>The body as the format states it: count, period, the first round and tag zigzagged, then per round the step less one and the zigzagged residue.</summary>
    private static byte[] ReferenceBody(ReadOnlySpan<long> rounds, ReadOnlySpan<long> tags, long period)
    {
        var body = new List<byte>();
        void Varint(ulong value)
        {
            for (; value >= 0x80; value >>= 7)
                body.Add((byte)(value | 0x80));
            body.Add((byte)value);
        }

        static ulong Zigzag(long value) => (ulong)((value << 1) ^ (value >> 63));
        Varint((ulong)rounds.Length);
        Varint((ulong)period);
        for (int i = 0; i < rounds.Length; i++)
        {
            if (i == 0)
            {
                Varint(Zigzag(rounds[0]));
                Varint(Zigzag(tags[0]));
                continue;
            }

            long step = rounds[i] - rounds[i - 1];
            Varint((ulong)(step - 1));
            Varint(Zigzag(tags[i] - tags[i - 1] - (step * period)));
        }

        return body.ToArray();
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
