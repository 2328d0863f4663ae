using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace QkdEdge.Protocol.Messages;

/// <summary>
/// Reads a block-protocol payload from a stream while it arrives, with <see cref="PayloadReader"/>'s checks and
/// messages: the large messages (test selection, reveals: hundreds of megabytes at 10^9 rounds) are decoded part by
/// part into their planes, so neither the parts nor the joined payload are ever held whole.
/// </summary>
internal sealed class StreamPayloadReader(Stream stream, CancellationToken cancellationToken)
{
    /// <summary>Bytes of a bit string read at a time: 13,440 words, a multiple of every setting width up to 8.</summary>
    internal const int ChunkBytes = 8 * 13_440;

    private readonly byte[] _scratch = new byte[8];
    private long _offset;

    public async ValueTask<byte> U8Async(string field)
    {
        await FillAsync(_scratch.AsMemory(0, 1), field).ConfigureAwait(false);
        return _scratch[0];
    }

    public async ValueTask<uint> U32Async(string field)
    {
        await FillAsync(_scratch.AsMemory(0, 4), field).ConfigureAwait(false);
        return BinaryPrimitives.ReadUInt32LittleEndian(_scratch);
    }

    public async ValueTask<ulong> U64Async(string field)
    {
        await FillAsync(_scratch.AsMemory(0, 8), field).ConfigureAwait(false);
        return BinaryPrimitives.ReadUInt64LittleEndian(_scratch);
    }

    public async ValueTask<string> TextAsync(string field)
    {
        await FillAsync(_scratch.AsMemory(0, 2), field).ConfigureAwait(false);
        int length = BinaryPrimitives.ReadUInt16LittleEndian(_scratch);
        long start = _offset;
        // Read in steps, so a length the payload does not hold costs what arrived, not the 64 KB it claims.
        var bytes = new ArrayBufferWriter<byte>(Math.Clamp(length, 1, TextStepBytes));
        for (int left = length; left > 0;)
        {
            int step = Math.Min(left, TextStepBytes);
            await FillAsync(bytes.GetMemory(step)[..step], field).ConfigureAwait(false);
            bytes.Advance(step);
            left -= step;
        }
        return PayloadReader.DecodeText(bytes.WrittenSpan, field, start);
    }

    private const int TextStepBytes = 4096;

    /// <summary>A bit string of exactly <paramref name="expectedBits"/> bits, as words.</summary>
    public async ValueTask<ulong[]> BitsAsync(string field, long expectedBits)
    {
        await CountAsync(field, expectedBits).ConfigureAwait(false);
        return await BitWordsAsync(field, expectedBits).ConfigureAwait(false);
    }

    /// <summary>A bit string of the length its count field gives, which must lie within 0..<paramref name="maxBits"/>.</summary>
    public async ValueTask<(ulong[] Words, long Bits)> BitsUpToAsync(string field, long maxBits)
    {
        ulong bits = await U64Async(field).ConfigureAwait(false);
        if (bits > (ulong)maxBits)
            throw new MalformedPayloadException($"{field}: {bits} bits where at most {maxBits} may come (offset {_offset - 8}).");
        return (await BitWordsAsync(field, (long)bits).ConfigureAwait(false), (long)bits);
    }

    private async ValueTask<ulong[]> BitWordsAsync(string field, long expectedBits)
    {
        var words = new ulong[(expectedBits + 63) / 64];
        await ChunksAsync(field, expectedBits, (first, bytes) =>
        {
            if (BitConverter.IsLittleEndian)
            {
                bytes.CopyTo(MemoryMarshal.AsBytes(words.AsSpan((int)first)));
                return;
            }
            for (int i = 0; i * 8 < bytes.Length; i++)
                words[first + i] = PayloadReader.WordAt(bytes, i);
        }).ConfigureAwait(false);
        return words;
    }

    /// <summary>
    /// A bit string of exactly <paramref name="expectedBits"/> bits handed to <paramref name="consume"/> a chunk at a
    /// time: the chunk's first word and its bytes (whole words but for the last chunk, and chunks of
    /// <see cref="ChunkBytes"/>, so that a setting width up to 8 divides every chunk's words). Bits past the end are checked to be zero.
    /// </summary>
    public async ValueTask BitChunksAsync(string field, long expectedBits, ChunkConsumer consume)
    {
        await CountAsync(field, expectedBits).ConfigureAwait(false);
        await ChunksAsync(field, expectedBits, consume).ConfigureAwait(false);
    }

    private async ValueTask ChunksAsync(string field, long expectedBits, ChunkConsumer consume)
    {
        long bytes = (expectedBits + 7) / 8;
        var chunk = new byte[(int)Math.Min(ChunkBytes, bytes)];
        for (long at = 0; at < bytes; at += ChunkBytes)
        {
            int length = (int)Math.Min(ChunkBytes, bytes - at);
            await FillAsync(chunk.AsMemory(0, length), field).ConfigureAwait(false);
            if (at + length == bytes && expectedBits % 64 != 0)
                CheckTail(field, expectedBits, PayloadReader.WordAt(chunk.AsSpan(0, length), (length - 1) / 8));
            consume(at / 8, chunk.AsSpan(0, length));
        }
    }

    /// <summary>Receives one chunk of a bit string: its first word's index and its bytes.</summary>
    public delegate void ChunkConsumer(long firstWord, ReadOnlySpan<byte> bytes);

    /// <summary>The payload must end here; the bytes past it are counted for the message.</summary>
    public async ValueTask EndAsync()
    {
        long extra = 0;
        var rest = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(rest, cancellationToken).ConfigureAwait(false)) > 0)
            extra += read;
        if (extra != 0)
            throw new MalformedPayloadException($"{extra} unexpected bytes after the last field (offset {_offset}).");
    }

    private async ValueTask CountAsync(string field, long expectedBits)
    {
        ulong bits = await U64Async(field).ConfigureAwait(false);
        if (bits != (ulong)expectedBits)
            throw new MalformedPayloadException($"{field}: {bits} bits where {expectedBits} were expected (offset {_offset - 8}).");
    }

    private static void CheckTail(string field, long expectedBits, ulong lastWord)
    {
        int rest = (int)(expectedBits & 63);
        if (rest != 0 && (lastWord >> rest) != 0)
            throw new MalformedPayloadException($"{field}: bits set past the end of the string.");
    }

    private async ValueTask FillAsync(Memory<byte> target, string field)
    {
        int read = await stream.ReadAtLeastAsync(target, target.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read < target.Length)
            throw new MalformedPayloadException($"{field}: needs {target.Length} bytes at offset {_offset}, payload has {_offset + read}.");
        _offset += read;
    }
}
