using QkdEdge.Distillation.Bits;
using QkdEdge.Protocol.Planes;

namespace QkdEdge.Protocol.Messages;

/// <summary>
/// Settings on the wire: round i's setting in bits [i * w, i * w + w) of one packed bit string, low bit first,
/// w = <see cref="SettingPlanes.Width"/>. The engine holds settings as bit-planes, so this moves between the
/// two: when w divides 64 (alphabets up to 2, 4, 16 or 255 settings) one wire word holds 64 / w whole
/// fields and each plane's share of it is one deposit or extract (PDEP/PEXT) with a comb mask; other widths
/// go a round at a time.
/// </summary>
internal static class SettingWire
{
    /// <summary>The whole wire string (tests compare the ranged form with it).</summary>
    public static ulong[] Interleave(SettingPlanes settings)
    {
        var wire = new ulong[PackedBits.WordCount((long)settings.Rounds * settings.Width)];
        Interleave(settings, 0, wire);
        return wire;
    }

    /// <summary>
    /// Wire words [<paramref name="firstWord"/>, <paramref name="firstWord"/> + <c>wire.Length</c>) of the settings,
    /// into a cleared span, so that a sender writes the wire form a chunk at a time; for widths that do not divide 64
    /// the range starts at a multiple of the width in words and, unless it ends the string, holds a multiple of it
    /// (<see cref="StreamPayloadWriter.ChunkWords"/> does).
    /// </summary>
    public static void Interleave(SettingPlanes settings, long firstWord, Span<ulong> wire)
    {
        int width = settings.Width;
        if (64 % width == 0)
        {
            int roundsPerWord = 64 / width;
            for (int i = 0; i < wire.Length; i++)
            {
                long first = (firstWord + i) * roundsPerWord;
                int planeWord = (int)(first >> 6), shift = (int)(first & 63);
                ulong word = 0;
                for (int k = 0; k < width; k++)
                    word |= BitGather.Deposit(settings.Plane(k)[planeWord] >> shift, Comb(width, k));
                wire[i] = word;
            }
            return;
        }

        if (firstWord % width != 0)
            throw new ArgumentException($"A range of {width}-bit fields must start at a multiple of {width} words.", nameof(firstWord));
        // Words [first, first + len) with first a multiple of the width start at round first * 64 / width, so the
        // range holds whole fields when it also ends at a multiple of the width or at the string's end.
        long firstRound = firstWord * 64 / width;
        long endRound = Math.Min(settings.Rounds, (firstWord + wire.Length) * 64 / width);
        for (long i = firstRound; i < endRound; i++)
            PackedBits.WriteBits(wire, (i - firstRound) * width, (ulong)settings.ValueAt(i), width);
    }

    /// <summary>
    /// Wire words from <paramref name="firstWord"/> on (the bytes of a chunk of the string as it arrives) into the
    /// planes; for widths that do not divide 64 the chunk starts at a multiple of the width in words and, unless it
    /// ends the string, holds a multiple of it (<see cref="StreamPayloadReader.ChunkBytes"/> does).
    /// </summary>
    public static void DeinterleaveRange(ReadOnlySpan<byte> wire, long firstWord, int width, int rounds, ulong[][] planes)
    {
        int words = (wire.Length + 7) / 8;
        if (64 % width == 0)
        {
            int roundsPerWord = 64 / width;
            for (int j = 0; j < words; j++)
            {
                long first = (firstWord + j) * roundsPerWord;
                int planeWord = (int)(first >> 6), shift = (int)(first & 63);
                ulong wireWord = PayloadReader.WordAt(wire, j);
                for (int k = 0; k < width; k++)
                    planes[k][planeWord] |= BitGather.Extract(wireWord, Comb(width, k)) << shift;
            }
            return;
        }

        if (firstWord % width != 0)
            throw new ArgumentException($"A range of {width}-bit fields must start at a multiple of {width} words.", nameof(firstWord));
        long firstRound = firstWord * 64 / width;
        long endRound = Math.Min(rounds, (firstWord + words) * 64 / width);
        ulong fieldMask = (1UL << width) - 1;
        for (long i = firstRound; i < endRound; i++)
        {
            long bit = (i - firstRound) * width;
            int word = (int)(bit >> 6), shift = (int)(bit & 63);
            ulong value = PayloadReader.WordAt(wire, word) >> shift;
            if (shift + width > 64)
                value |= PayloadReader.WordAt(wire, word + 1) << (64 - shift);
            value &= fieldMask;
            for (int k = 0; k < width; k++)
                planes[k][i >> 6] |= ((value >> k) & 1) << (int)(i & 63);
        }
    }

    /// <summary>The filled planes as settings, once every range is in; a setting outside the alphabet is the peer's error.</summary>
    public static SettingPlanes Finish(ulong[][] planes, int alphabet, int rounds)
    {
        foreach (var plane in planes)
            PackedBits.ClearTail(plane, rounds); // the payload reader refuses set tail bits; this keeps the planes' promise for any caller
        var settings = SettingPlanes.Wrap(alphabet, rounds, planes);
        if (alphabet < 1 << settings.Width)
        {
            for (int w = 0; w < settings.WordCount; w++)
            {
                ulong outside = settings.AtLeast(w, alphabet);
                if (outside != 0)
                {
                    long round = ((long)w << 6) + System.Numerics.BitOperations.TrailingZeroCount(outside);
                    throw new MalformedPayloadException($"round {round}: setting {settings.ValueAt(round)} outside the alphabet of {alphabet}.");
                }
            }
        }

        return settings;
    }

    /// <summary>Bit <paramref name="bit"/> of every <paramref name="width"/>-bit field of a word (width divides 64).</summary>
    private static ulong Comb(int width, int bit) => (ulong.MaxValue / ((1UL << width) - 1)) << bit;

    /// <summary>The round-at-a-time form, for widths that do not divide 64; also the reference the comb form is tested against.</summary>
    internal static void InterleaveByRound(SettingPlanes settings, Span<ulong> wire)
    {
        for (int i = 0; i < settings.Rounds; i++)
            PackedBits.WriteBits(wire, (long)i * settings.Width, (ulong)settings.ValueAt(i), settings.Width);
    }
}
