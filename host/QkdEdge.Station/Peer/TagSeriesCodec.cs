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

    /// <summary>Smallest encoding of one round: two one-byte varints.</summary>
    private const int MinBytesPerRound = 2;

    /// <summary>Rounds the encoder reads out of a block at a time.</summary>
    private const int ChunkRounds = 1 << 16;

    public static byte[] Encode(ReadOnlySpan<long> rounds, ReadOnlySpan<long> tags, long periodTicks) =>
        Encode(BlockTags.From(rounds, tags), periodTicks);

    /// <summary>Encodes a block's compact tags, reading them a chunk at a time (never as one 16-byte-per-round copy).</summary>
    public static byte[] Encode(BlockTags block, long periodTicks)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(periodTicks);
        using var output = new MemoryStream();
        output.WriteByte(Version);
        using (var deflate = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
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
                for (int k = 0; k < length; k++)
                {
                    if (used > buffer.Length - MaxBytesPerRound)
                    {
                        deflate.Write(buffer, 0, used);
                        used = 0;
                    }

                    if (start + k == 0)
                    {
                        used = WriteVarint(buffer, used, Zigzag(rounds[0]));
                        used = WriteVarint(buffer, used, Zigzag(tags[0]));
                    }
                    else
                    {
                        long step = rounds[k] - previousRound;
                        used = WriteVarint(buffer, used, (ulong)(step - 1));
                        used = WriteVarint(buffer, used, Zigzag(unchecked(tags[k] - previousTag - step * periodTicks)));
                    }

                    previousRound = rounds[k];
                    previousTag = tags[k];
                }
            }

            deflate.Write(buffer, 0, used);
        }

        return output.ToArray();
    }

    /// <summary>Decodes; throws <see cref="FormatException"/> for anything that is not a series of at most <paramref name="maxRounds"/> rounds.</summary>
    public static TagSeries Decode(byte[] payload, long maxRounds) => DecodeBlock(payload, maxRounds).ToSeries();

    /// <summary>
    /// Decodes into the compact form the station aligns from (about 4 bytes per round); throws
    /// <see cref="FormatException"/> for anything that is not a series of at most <paramref name="maxRounds"/> rounds.
    /// </summary>
    public static BlockTags DecodeBlock(byte[] payload, long maxRounds)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRounds);
        if (payload.Length < 1 || payload[0] != Version)
            throw new FormatException(payload.Length < 1 ? "The tag series is empty." : $"Tag series version {payload[0]}; this host reads version {Version}.");
        byte[] raw = Inflate(payload, 2 * 10 + (maxRounds * MaxBytesPerRound), out int length);
        var span = raw.AsSpan(0, length);
        int offset = 0;
        ulong count = ReadVarint(span, ref offset);
        ulong period = ReadVarint(span, ref offset);
        if (count > (ulong)maxRounds)
            throw new FormatException($"The tag series claims {count} rounds; a block has at most {maxRounds}.");

        // Checked before the buffers are allocated from the claimed count: the bytes present must be able to hold it.
        if (count > (ulong)((span.Length - offset) / MinBytesPerRound))
            throw new FormatException($"The tag series claims {count} rounds but holds {span.Length - offset} bytes for them (at least {MinBytesPerRound} per round).");
        if (period is 0 or > long.MaxValue)
            throw new FormatException($"The tag series' round period of {period} ticks is not a positive 64-bit number.");
        var builder = new BlockTags.Builder((long)count);
        long round = 0, tag = 0;
        for (ulong i = 0; i < count; i++)
        {
            if (i == 0)
            {
                round = Unzigzag(ReadVarint(span, ref offset));
                tag = Unzigzag(ReadVarint(span, ref offset));
            }
            else
            {
                // The gap is read before the one is added: a gap of 2^64 - 1 would otherwise wrap to a step of zero.
                ulong gap = ReadVarint(span, ref offset);
                if (gap >= long.MaxValue / 2 || round > long.MaxValue - (long)gap - 1)
                    throw new FormatException($"Round {i}: a step of {gap} + 1 after round {round} runs past the largest round index.");
                long step = (long)gap + 1;
                round += step;
                tag = unchecked(tag + (step * (long)period) + Unzigzag(ReadVarint(span, ref offset)));
            }

            builder.Add(round, tag);
        }

        if (offset != span.Length)
            throw new FormatException("Bytes follow the last round of the tag series.");
        return builder.Build();
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

    private static long Unzigzag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

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

    private static ulong ReadVarint(ReadOnlySpan<byte> buffer, ref int offset)
    {
        ulong value = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (offset >= buffer.Length)
                throw new FormatException("The tag series ends inside a number.");
            byte b = buffer[offset++];
            if (shift == 63 && b > 1)
                throw new FormatException("A number of the tag series overflows 64 bits.");
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return value;
        }

        throw new FormatException("A number of the tag series is longer than 10 bytes.");
    }
}
