using System.Buffers;
using QkdEdge.Rounds;

namespace QkdEdge.Archive.Encoding;

/// <summary>
/// Encodes a run of consecutive rounds as columns: settings in base k, click patterns 2 bits raw, time tags as
/// the first tag plus Exp-Golomb codes of each step's distance from the run's typical step (docs/archive-format.md,
/// "Rounds record"). Periodic triggers with a few ticks of jitter cost about four bits per tag.
/// </summary>
internal sealed class RoundsCodec
{
    private readonly SettingPacking _settings;
    private readonly BitWriter _bits;
    private readonly int _maxRounds;

    public RoundsCodec(int alphabet, int maxRounds)
    {
        _settings = new SettingPacking(alphabet);
        _maxRounds = maxRounds;
        _bits = new BitWriter(maxRounds);
    }

    public void Encode(IBufferWriter<byte> body, long firstRound, ReadOnlySpan<byte> settings, ReadOnlySpan<byte> clicks, ReadOnlySpan<long> tags)
    {
        int count = settings.Length;
        long step = TypicalStep(tags);
        int order = BestOrder(tags, step);

        Span<byte> head = stackalloc byte[4 * VarInt.MaxLength + 1];
        int n = VarInt.Write(head, VarInt.ZigZag(firstRound));
        n += VarInt.Write(head[n..], (ulong)count);
        n += VarInt.Write(head[n..], VarInt.ZigZag(tags[0]));
        n += VarInt.Write(head[n..], VarInt.ZigZag(step));
        head[n++] = (byte)order;
        body.Write(head[..n]);

        _bits.Reset();
        _settings.Write(_bits, settings);
        for (int i = 0; i < count; i++)
            _bits.WriteBits(clicks[i], 2);
        for (int i = 1; i < count; i++)
            _bits.WriteExpGolomb(Residual(tags[i - 1], tags[i], step), order);
        body.Write(_bits.Complete());
    }

    /// <summary>
    /// Reads only a record body's first round and round count (checked against the segment size), for a scan
    /// that indexes an archive without its columns: the body is decoded, and its format checked, when it is read.
    /// </summary>
    public (long FirstRound, int Count) DecodeHeader(ReadOnlySpan<byte> body, int capacity)
    {
        int offset = 0;
        var (firstRound, count, _, _, _) = ReadHead(body, ref offset, capacity);
        return (firstRound, count);
    }

    /// <summary>
    /// Decodes one record body into <paramref name="into"/> (which must hold the archive's segment size). Without
    /// <paramref name="timeTags"/> the tags, the last and costliest column, are neither decoded nor checked and
    /// <see cref="RoundBatch.TimeTags"/> is left as it was.
    /// </summary>
    public void Decode(ReadOnlySpan<byte> body, RoundBatch into, bool timeTags = true)
    {
        int offset = 0;
        var (firstRound, rounds, tag, step, order) = ReadHead(body, ref offset, into.Capacity);
        into.FirstRound = firstRound;
        into.Count = rounds;
        var reader = new BitReader(body[offset..]);
        _settings.Read(ref reader, into.Settings.AsSpan(0, rounds));
        ReadClicks(ref reader, into.Clicks.AsSpan(0, rounds));
        if (!timeTags)
            return;
        var tags = into.TimeTags;
        tags[0] = tag;
        for (int i = 1; i < rounds; i++)
        {
            // Wrapping arithmetic makes the step code a bijection on 64-bit tags, whatever their values.
            tag = unchecked(tag + step + VarInt.UnZigZag(reader.ReadExpGolomb(order)));
            tags[i] = tag;
        }
        reader.ExpectZeroPaddingToEnd();
    }

    /// <summary>Two bits per round, eight rounds per read: the eight 2-bit fields are spread to a byte each in three steps.</summary>
    private static void ReadClicks(ref BitReader reader, Span<byte> clicks)
    {
        int whole = clicks.Length & ~7;
        for (int i = 0; i < whole; i += 8)
        {
            ulong v = reader.ReadBits(16);
            v = (v & 0xFF) | ((v & 0xFF00) << 24);                               // fields 4..7 to bits 32..39
            v = (v & 0x0000000F0000000F) | ((v & 0x000000F0000000F0) << 12);     // fields 2, 3 (and 6, 7) up 16 bits
            v = (v & 0x0003000300030003) | ((v & 0x000C000C000C000C) << 6);      // odd fields up 8 bits
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(clicks[i..], v);
        }

        for (int i = whole; i < clicks.Length; i++)
            clicks[i] = (byte)reader.ReadBits(2);
    }

    private (long FirstRound, int Count, long Tag, long Step, int Order) ReadHead(ReadOnlySpan<byte> body, ref int offset, int capacity)
    {
        long firstRound = VarInt.UnZigZag(VarInt.Read(body, ref offset));
        ulong count = VarInt.Read(body, ref offset);
        if (count < 1 || count > (ulong)_maxRounds || count > (ulong)capacity)
            throw new ArchiveFormatException($"rounds record claims {count} rounds");
        long tag = VarInt.UnZigZag(VarInt.Read(body, ref offset));
        long step = VarInt.UnZigZag(VarInt.Read(body, ref offset));
        if (offset >= body.Length)
            throw new ArchiveFormatException("rounds record ends before its code order");
        int order = body[offset++];
        if (order > 63)
            throw new ArchiveFormatException($"Exp-Golomb order {order} out of range");
        return (firstRound, (int)count, tag, step, order);
    }

    private static ulong Residual(long previous, long current, long step) => VarInt.ZigZag(unchecked(current - previous - step));

    /// <summary>Median of up to 257 evenly spaced steps: robust to the odd missed trigger, cheap for long runs.</summary>
    private static long TypicalStep(ReadOnlySpan<long> tags)
    {
        if (tags.Length < 2)
            return 0;
        int steps = tags.Length - 1;
        int samples = Math.Min(steps, 257);
        Span<long> sample = stackalloc long[samples];
        for (int s = 0; s < samples; s++)
        {
            int i = 1 + (int)((long)s * steps / samples);
            sample[s] = unchecked(tags[i] - tags[i - 1]);
        }
        sample.Sort();
        return sample[samples / 2];
    }

    /// <summary>
    /// The Exp-Golomb order with the fewest bits over up to 4,096 evenly spaced steps, searched around the
    /// residuals' mean magnitude. A sample is enough: the order only moves the size by a fraction of a bit per tag.
    /// </summary>
    private static int BestOrder(ReadOnlySpan<long> tags, long step)
    {
        if (tags.Length < 2)
            return 0;
        int steps = tags.Length - 1;
        int samples = Math.Min(steps, 4096);
        Span<ulong> residuals = samples <= 512 ? stackalloc ulong[samples] : new ulong[samples];
        double mean = 0;
        for (int s = 0; s < samples; s++)
        {
            int i = 1 + (int)((long)s * steps / samples);
            residuals[s] = Residual(tags[i - 1], tags[i], step);
            mean += residuals[s];
        }
        mean /= samples;
        int guess = mean < 1 ? 0 : (int)Math.Floor(Math.Log2(mean));
        int best = 0;
        long bestBits = long.MaxValue;
        for (int order = Math.Max(0, guess - 1); order <= Math.Min(63, guess + 1); order++)
        {
            long bits = 0;
            foreach (ulong r in residuals)
                bits += BitWriter.ExpGolombLength(r, order);
            if (bits < bestBits)
            {
                bestBits = bits;
                best = order;
            }
        }
        return best;
    }
}
