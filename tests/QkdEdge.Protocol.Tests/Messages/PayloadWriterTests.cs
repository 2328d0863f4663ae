using CsCheck;
using QkdEdge.Protocol.Messages;

namespace QkdEdge.Protocol.Tests.PayloadCodecs;

/// <summary>
/// The streamed writer (words made a chunk at a time) must write the bytes the whole writer writes; the reader must give
/// back every bit string and refuse set bits past a string's end.
/// </summary>
public sealed class PayloadWriterTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64 * StreamPayloadWriter.ChunkWords)]          // exactly one chunk
    [InlineData(64 * StreamPayloadWriter.ChunkWords + 1)]      // one bit into a second
    [InlineData(3 * 64 * StreamPayloadWriter.ChunkWords - 5)]  // a short last byte in the third
    public async Task StreamedBits_FromAWordSource_WriteWhatTheWholeWordsWrite(int bits)
    {
        var words = RandomWords(new Random(bits), bits);
        var chunks = new List<(long First, int Length)>();
        using var stream = new MemoryStream();

        await StreamPayloadWriter.WriteBitsAsync(stream, bits, (first, chunk) =>
        {
            Assert.All(chunk.ToArray(), word => Assert.Equal(0UL, word)); // handed over cleared
            chunks.Add((first, chunk.Length));
            words.AsSpan((int)first, chunk.Length).CopyTo(chunk);
        }, CancellationToken.None);

        Assert.Equal(new PayloadWriter().Bits(words, bits).ToArray(), stream.ToArray());
        Assert.Equal(words.Length, chunks.Sum(c => c.Length));
        Assert.All(chunks.SkipLast(1), c => Assert.Equal(StreamPayloadWriter.ChunkWords, c.Length)); // whole chunks keep every setting width's fields whole
        Assert.All(chunks, c => Assert.Equal(0, c.First % StreamPayloadWriter.ChunkWords));
    }

    [Fact]
    public void Bits_ReadBack_GiveEveryWordAndWordAtAgrees()
    {
        Property.Check(Gen.Select(Gen.Int[0, 700], Gen.Int), 200, seed: 62, input =>
        {
            var (bits, seed) = input;
            var words = RandomWords(new Random(seed), bits);
            byte[] payload = new PayloadWriter().Bits(words, bits).Bits(words, bits).ToArray();

            var reader = new PayloadReader(payload);
            Assert.Equal(words, reader.Bits("first", bits));
            var bytes = reader.BitBytes("second", bits);
            reader.End();
            var read = new ulong[words.Length];
            for (int i = 0; i < read.Length; i++)
                read[i] = PayloadReader.WordAt(bytes, i);
            Assert.Equal(words, read);
        });
    }

    [Fact]
    public void Bits_WhenABitPastTheEndIsSet_ThrowsMalformed()
    {
        Property.Check(Gen.Select(Gen.Int[1, 700], Gen.Int[0, 6]), 200, seed: 63, input =>
        {
            var (bits, past) = input;
            int bytes = (bits + 7) / 8;
            if (bits % 8 == 0 || bits % 8 + past >= 8)
                return; // no room for a stray bit inside the last byte
            byte[] payload = new PayloadWriter().Bits(new ulong[(bits + 63) / 64], bits).ToArray();
            payload[8 + bytes - 1] |= (byte)(1 << (bits % 8 + past));

            var words = Assert.Throws<MalformedPayloadException>(() => new PayloadReader(payload).Bits("string", bits));
            var inPlace = Assert.Throws<MalformedPayloadException>(() => new PayloadReader(payload).BitBytes("string", bits));

            Assert.Equal("string: bits set past the end of the string.", words.Message);
            Assert.Equal(words.Message, inPlace.Message);
        });
    }

    /// <summary>Random words with every bit past <paramref name="bits"/> clear, as a packed string keeps them.</summary>
    private static ulong[] RandomWords(Random random, int bits)
    {
        var words = new ulong[(bits + 63) / 64];
        for (int i = 0; i < words.Length; i++)
            words[i] = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
        if (bits % 64 != 0)
            words[^1] &= (1UL << (bits % 64)) - 1;
        return words;
    }
}
