using System.IO.Compression;
using QkdEdge.Alignment;

namespace QkdEdge.Station.Peer;

/// <summary>
/// A block's round indices and time tags as the stations exchange them for alignment: deltas from the
/// previous round (index step minus one, tag step minus index step times the nominal period) as LEB128
/// varints, zigzag for the signed tag residue, then deflated. On a clean link nearly every round encodes as
/// two zero bytes, which deflate shrinks about a hundredfold; jitter costs a byte or two per round. Timing is
/// no secret (settings and outcomes never travel in this message).
/// </summary>
public static class TagSeriesCodec
{
    private const byte Version = 1;

    /// <summary>Largest encoding of one round: two 10-byte varints.</summary>
    private const int MaxBytesPerRound = 20;

    /// <summary>Rounds the encoder reads out of a block at a time.</summary>
    private const int ChunkRounds = 1 << 16;

    public static byte[] Encode(ReadOnlySpan<long> rounds, ReadOnlySpan<long> tags, long periodTicks) =>
        Encode(BlockTags.From(rounds, tags), periodTicks);

    /// <summary>Encodes a block's compact tags, reading them a chunk at a time (never as one 16-byte-per-round copy).</summary>
    public static byte[] Encode(BlockTags block, long periodTicks) => EncodeParts(block, periodTicks, int.MaxValue).Single();

    /// <summary>
    /// The encoding of <see cref="Encode(BlockTags, long)"/> in parts of <paramref name="partBytes"/> (the last one
    /// shorter), each produced as soon as the compressor has emitted that much: a station can send the first part
    /// while it is still encoding the rest, and its peer decode it (<see cref="DecodeBlockAsync"/>). Every part is a
    /// fresh array.
    /// </summary>
    public static IEnumerable<byte[]> EncodeParts(BlockTags block, long periodTicks, int partBytes)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(periodTicks);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partBytes);
        return EncodeParts();

        IEnumerable<byte[]> EncodeParts()
        {
            var output = new MemoryStream();
            output.WriteByte(Version);
            var deflate = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true);
            try
            {
                var buffer = new byte[64 * 1024];
                int used = 0;
                used = WriteVarint(buffer, used, (ulong)block.Count);
                used = WriteVarint(buffer, used, (ulong)periodTicks);
                var rounds = new long[Math.Min(ChunkRounds, block.Count)];
                var tags = new long[rounds.Length];
                long previousRound = 0, previousTag = 0;
                for (int start = 0; start < block.Count; start += rounds.Length)
                {
                    int length = Math.Min(rounds.Length, block.Count - start);
                    block.CopyTo(start, rounds.AsSpan(0, length), tags.AsSpan(0, length));
                    used = EncodeChunk(rounds.AsSpan(0, length), tags.AsSpan(0, length), start == 0, periodTicks, ref previousRound, ref previousTag, buffer, used, deflate);
                    foreach (var part in TakeFullParts(output, partBytes))
                        yield return part;
                }

                deflate.Write(buffer, 0, used);
                deflate.Dispose();
                foreach (var part in TakeFullParts(output, partBytes))
                    yield return part;
                if (output.Length > 0)
                    yield return output.ToArray();
            }
            finally
            {
                deflate.Dispose();
            }
        }
    }

    /// <summary>
    /// Appends a chunk's rounds to <paramref name="buffer"/> (from <paramref name="used"/>; returns the new fill), handing
    /// full buffers to <paramref name="deflate"/>. A plain method, not part of the iterator above, so that its state
    /// stays in registers.
    /// </summary>
    private static int EncodeChunk(ReadOnlySpan<long> rounds, ReadOnlySpan<long> tags, bool first, long periodTicks,
        ref long previousRound, ref long previousTag, byte[] buffer, int used, Stream deflate)
    {
        long lastRound = previousRound, lastTag = previousTag;
        for (int k = 0; k < rounds.Length; k++)
        {
            if (used > buffer.Length - MaxBytesPerRound)
            {
                deflate.Write(buffer, 0, used);
                used = 0;
            }

            if (first && k == 0)
            {
                used = WriteVarint(buffer, used, Zigzag(rounds[0]));
                used = WriteVarint(buffer, used, Zigzag(tags[0]));
                lastRound = rounds[0];
                lastTag = tags[0];
                continue;
            }

            // Looked for only where this round's tag and the round MinCleanRun on land where a clean stretch would put
            // them, and taken only when the stretch is that long: on a jittery link most rounds go round by round.
            if (tags[k] == unchecked(lastTag + periodTicks) && k + MinCleanRun <= rounds.Length
                && rounds[k + MinCleanRun - 1] == lastRound + MinCleanRun
                && tags[k + MinCleanRun - 1] == unchecked(lastTag + (MinCleanRun * periodTicks)))
            {
                int clean = CleanRun(rounds[k..], tags[k..], lastRound, lastTag, periodTicks);
                if (clean >= MinCleanRun)
                {
                    // The usual stretch: each round next after the last, exactly a period later. Every such round is
                    // two zero bytes, written in bulk (round by round, this loop took most of the encoding).
                    for (int left = clean; left > 0;)
                    {
                        int take = Math.Min(left, (buffer.Length - used) / 2);
                        if (take == 0)
                        {
                            deflate.Write(buffer, 0, used);
                            used = 0;
                            continue;
                        }

                        buffer.AsSpan(used, 2 * take).Clear();
                        used += 2 * take;
                        left -= take;
                    }

                    k += clean - 1;
                    lastRound = rounds[k];
                    lastTag = tags[k];
                    continue;
                }
            }

            long step = rounds[k] - lastRound;
            used = WriteVarint(buffer, used, (ulong)(step - 1));
            used = WriteVarint(buffer, used, Zigzag(unchecked(tags[k] - lastTag - step * periodTicks)));
            lastRound = rounds[k];
            lastTag = tags[k];
        }

        previousRound = lastRound;
        previousTag = lastTag;
        return used;
    }

    /// <summary>Shorter clean stretches are written round by round.</summary>
    private const int MinCleanRun = 8;

    /// <summary>How many rounds from the start of <paramref name="rounds"/> each follow the one before by one index and one period.</summary>
    private static int CleanRun(ReadOnlySpan<long> rounds, ReadOnlySpan<long> tags, long previousRound, long previousTag, long periodTicks)
    {
        int n = 0;
        while (n < rounds.Length && rounds[n] == previousRound + 1 && tags[n] == unchecked(previousTag + periodTicks))
        {
            previousRound = rounds[n];
            previousTag = tags[n];
            n++;
        }

        return n;
    }

    /// <summary>Removes and returns the whole parts at the front of <paramref name="output"/>.</summary>
    private static List<byte[]> TakeFullParts(MemoryStream output, int partBytes)
    {
        var parts = new List<byte[]>();
        if (output.Length < partBytes)
            return parts;
        var bytes = output.GetBuffer().AsSpan(0, (int)output.Length);
        int offset = 0;
        for (; bytes.Length - offset >= partBytes; offset += partBytes)
            parts.Add(bytes.Slice(offset, partBytes).ToArray());
        var rest = bytes[offset..].ToArray();
        output.SetLength(0);
        output.Write(rest);
        return parts;
    }

    /// <summary>Decodes; throws <see cref="FormatException"/> for anything that is not a series of at most <paramref name="maxRounds"/> rounds.</summary>
    public static TagSeries Decode(byte[] payload, long maxRounds) => DecodeBlock(payload, maxRounds).ToSeries();

    /// <summary>
    /// Decodes into the compact form the station aligns from (<see cref="BlockTags"/>); throws
    /// <see cref="FormatException"/> for anything that is not a series of at most <paramref name="maxRounds"/> rounds.
    /// </summary>
    public static BlockTags DecodeBlock(byte[] payload, long maxRounds)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRounds);
        CheckVersion(payload.Length < 1 ? null : payload[0], payload.Length < 1);
        byte[] raw = Inflate(payload, 2 * 10 + (maxRounds * MaxBytesPerRound), out int length);
        var parser = new TagSeriesParser(maxRounds, totalBytes: length);
        parser.Feed(raw.AsSpan(0, length), final: true);
        return parser.Finish();
    }

    /// <summary>
    /// Decodes a series from <paramref name="encoded"/> as its bytes arrive (the version byte, then the compressed
    /// body), a buffer at a time: neither the encoding nor the inflated body is ever held whole. The round count is
    /// checked against <paramref name="maxRounds"/> before anything is allocated for it. Throws
    /// <see cref="FormatException"/> as <see cref="DecodeBlock"/> does.
    /// </summary>
    public static Task<BlockTags> DecodeBlockAsync(Stream encoded, long maxRounds, CancellationToken cancellationToken) =>
        DecodeAsync(encoded, new TagSeriesParser(maxRounds), cancellationToken);

    /// <summary>
    /// As <see cref="DecodeBlockAsync"/>, handing the series to <paramref name="sink"/> in segments of
    /// <paramref name="segmentRounds"/> as they are decoded, for an aligner that starts before the series ends. The
    /// sink is completed at the end, with the error if decoding fails (which is also thrown).
    /// </summary>
    public static async Task DecodeSegmentsAsync(Stream encoded, long maxRounds, int segmentRounds, StreamedTags sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        try
        {
            await DecodeAsync(encoded, new TagSeriesParser(maxRounds, segmentRounds: segmentRounds, onSegment: sink.Add), cancellationToken).ConfigureAwait(false);
            sink.Complete();
        }
        catch (Exception ex)
        {
            sink.Complete(ex);
            throw;
        }
    }

    private static async Task<BlockTags> DecodeAsync(Stream encoded, TagSeriesParser parser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        var version = new byte[1];
        int got = await encoded.ReadAsync(version, cancellationToken).ConfigureAwait(false);
        CheckVersion(got == 0 ? null : version[0], got == 0);
        var buffer = new byte[64 * 1024];
        int held = 0;
        try
        {
            await using var inflate = new ZLibStream(encoded, CompressionMode.Decompress, leaveOpen: true);
            while (true)
            {
                int read = await inflate.ReadAsync(buffer.AsMemory(held), cancellationToken).ConfigureAwait(false);
                held += read;
                int used = parser.Feed(buffer.AsSpan(0, held), final: read == 0);
                buffer.AsSpan(used, held - used).CopyTo(buffer);
                held -= used;
                if (read == 0)
                    break;
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            throw new FormatException("The tag series does not inflate.", ex);
        }

        return parser.Finish();
    }

    private static void CheckVersion(byte? version, bool empty)
    {
        if (empty)
            throw new FormatException("The tag series is empty.");
        if (version != Version)
            throw new FormatException($"Tag series version {version}; this host reads version {Version}.");
    }

    /// <summary>Inflates everything after the version byte, refusing more than <paramref name="limit"/> bytes (a deflate bomb).</summary>
    private static byte[] Inflate(byte[] payload, long limit, out int length)
    {
        var buffer = new byte[(int)Math.Min(Math.Max(4096, 16L * payload.Length), Math.Min(limit, Array.MaxLength))];
        length = 0;
        try
        {
            using var input = new ZLibStream(new MemoryStream(payload, 1, payload.Length - 1, writable: false), CompressionMode.Decompress);
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= limit)
                    {
                        if (input.ReadByte() < 0)
                            break;
                        throw new FormatException("The tag series inflates beyond the size its round count allows.");
                    }

                    Array.Resize(ref buffer, (int)Math.Min(Math.Min(2L * buffer.Length, limit), Array.MaxLength));
                }

                int read = input.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                    break;
                length += read;
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // zlib reports most corrupt streams as InvalidDataException, but some (e.g. a header naming a preset
            // dictionary) as an IOException of its own, found by fuzzing: both are a malformed payload.
            throw new FormatException("The tag series does not inflate.", ex);
        }

        return buffer;
    }

    private static ulong Zigzag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static int WriteVarint(byte[] buffer, int offset, ulong value)
    {
        while (value >= 0x80)
        {
            buffer[offset++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[offset++] = (byte)value;
        return offset;
    }
}
