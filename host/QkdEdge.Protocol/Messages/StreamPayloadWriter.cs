using System.Runtime.InteropServices;

namespace QkdEdge.Protocol.Messages;

/// <summary>
/// Writes the bulk of a block-protocol payload to a stream a chunk at a time, in <see cref="PayloadWriter"/>'s layout:
/// a sender's channel sends the parts as they fill, so a 10^9-round reveal is never whole in memory.
/// </summary>
internal static class StreamPayloadWriter
{
    /// <summary>Fills <paramref name="words"/> (cleared) with a bit string's words from word <paramref name="firstWord"/> on.</summary>
    public delegate void WordSource(long firstWord, Span<ulong> words);

    /// <summary>Words produced at a time: <see cref="StreamPayloadReader.ChunkBytes"/>' worth, a multiple of every setting width up to 8.</summary>
    internal const int ChunkWords = StreamPayloadReader.ChunkBytes / 8;

    /// <summary>A bit string: u64 bit count, then ceil(bits/8) bytes of the words <paramref name="source"/> produces.</summary>
    public static async Task WriteBitsAsync(Stream stream, long bitCount, WordSource source, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(new PayloadWriter().U64((ulong)bitCount).ToArray(), cancellationToken).ConfigureAwait(false);
        long words = (bitCount + 63) / 64, bytesLeft = (bitCount + 7) / 8;
        var chunk = new ulong[(int)Math.Min(words, ChunkWords)];
        var bytes = new byte[8 * chunk.Length];
        for (long first = 0; first < words; first += chunk.Length)
        {
            int length = Fill(source, first, chunk, (int)Math.Min(chunk.Length, words - first), bytes, bytesLeft);
            await stream.WriteAsync(bytes.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            bytesLeft -= length;
        }
    }

    /// <summary>A bit string held as words.</summary>
    public static Task WriteBitsAsync(Stream stream, ulong[] words, long bitCount, CancellationToken cancellationToken) =>
        WriteBitsAsync(stream, bitCount, (first, chunk) => words.AsSpan((int)first, chunk.Length).CopyTo(chunk), cancellationToken);

    private static int Fill(WordSource source, long first, ulong[] chunk, int count, byte[] bytes, long bytesLeft)
    {
        var words = chunk.AsSpan(0, count);
        words.Clear();
        source(first, words);
        int length = (int)Math.Min(8L * count, bytesLeft);
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(words)[..length].CopyTo(bytes);
            return length;
        }
        for (int i = 0; i < length; i++)
            bytes[i] = (byte)(words[i / 8] >> (8 * (i % 8)));
        return length;
    }
}
