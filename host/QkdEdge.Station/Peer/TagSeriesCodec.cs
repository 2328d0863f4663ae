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

    public static byte[] Encode(ReadOnlySpan<long> rounds, ReadOnlySpan<long> tags, long periodTicks)
    {
        if (rounds.Length != tags.Length)
            throw new ArgumentException("One tag per round.", nameof(tags));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(periodTicks);
        using var output = new MemoryStream();
        output.WriteByte(Version);
        using (var deflate = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            var buffer = new byte[64 * 1024];
            int used = 0;
            used = WriteVarint(buffer, used, (ulong)rounds.Length);
            used = WriteVarint(buffer, used, (ulong)periodTicks);
            for (int i = 0; i < rounds.Length; i++)
            {
                if (used > buffer.Length - MaxBytesPerRound)
                {
                    deflate.Write(buffer, 0, used);
                    used = 0;
                }

                if (i == 0)
                {
                    used = WriteVarint(buffer, used, Zigzag(rounds[0]));
                    used = WriteVarint(buffer, used, Zigzag(tags[0]));
                    continue;
                }

                long step = rounds[i] - rounds[i - 1];
                if (step <= 0)
                    throw new ArgumentException($"Round indices must increase (index {i}).", nameof(rounds));
                used = WriteVarint(buffer, used, (ulong)(step - 1));
                used = WriteVarint(buffer, used, Zigzag(unchecked(tags[i] - tags[i - 1] - step * periodTicks)));
            }

            deflate.Write(buffer, 0, used);
        }

        return output.ToArray();
    }

    /// <summary>Decodes; throws <see cref="FormatException"/> for anything that is not a series of at most <paramref name="maxRounds"/> rounds.</summary>
    public static TagSeries Decode(byte[] payload, long maxRounds)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Length < 1 || payload[0] != Version)
            throw new FormatException("Not a tag series of this version.");
        byte[] raw = Inflate(payload, 2 * 10 + (maxRounds * MaxBytesPerRound), out int length);
        var span = raw.AsSpan(0, length);
        int offset = 0;
        ulong count = ReadVarint(span, ref offset);
        long period = (long)ReadVarint(span, ref offset);
        if (count > (ulong)maxRounds)
            throw new FormatException($"The tag series claims {count} rounds; a block has at most {maxRounds}.");
        var rounds = new long[count];
        var tags = new long[count];
        for (int i = 0; i < rounds.Length; i++)
        {
            if (i == 0)
            {
                rounds[0] = Unzigzag(ReadVarint(span, ref offset));
                tags[0] = Unzigzag(ReadVarint(span, ref offset));
                continue;
            }

            ulong step = ReadVarint(span, ref offset) + 1;
            if (step > long.MaxValue / 2 || rounds[i - 1] > long.MaxValue - (long)step)
                throw new FormatException($"Round step {step} overflows.");
            rounds[i] = rounds[i - 1] + (long)step;
            tags[i] = unchecked(tags[i - 1] + ((long)step * period) + Unzigzag(ReadVarint(span, ref offset)));
        }

        if (offset != span.Length)
            throw new FormatException("Bytes follow the last round of the tag series.");
        return new TagSeries(rounds, tags);
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
        catch (InvalidDataException ex)
        {
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
