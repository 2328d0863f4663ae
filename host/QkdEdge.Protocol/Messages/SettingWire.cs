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
    public static ulong[] Interleave(SettingPlanes settings)
    {
        int width = settings.Width;
        var wire = new ulong[PackedBits.WordCount((long)settings.Rounds * width)];
        if (64 % width == 0)
        {
            int roundsPerWord = 64 / width;
            for (int j = 0; j < wire.Length; j++)
            {
                long first = (long)j * roundsPerWord;
                int planeWord = (int)(first >> 6), shift = (int)(first & 63);
                ulong word = 0;
                for (int k = 0; k < width; k++)
                    word |= BitGather.Deposit(settings.Plane(k)[planeWord] >> shift, Comb(width, k));
                wire[j] = word;
            }
        }
        else
        {
            InterleaveByRound(settings, wire);
        }

        return wire;
    }

    /// <summary>The settings a wire string holds; a setting outside the alphabet is the peer's error.</summary>
    public static SettingPlanes Deinterleave(ReadOnlySpan<ulong> wire, int alphabet, int rounds)
    {
        int width = SettingPlanes.WidthFor(alphabet);
        if (wire.Length < PackedBits.WordCount((long)rounds * width))
            throw new ArgumentException("The wire string is shorter than the settings it should hold.", nameof(wire));
        var planes = SettingPlanes.Allocate(width, rounds);
        if (64 % width == 0)
        {
            int roundsPerWord = 64 / width;
            int words = PackedBits.WordCount((long)rounds * width);
            for (int j = 0; j < words; j++)
            {
                long first = (long)j * roundsPerWord;
                int planeWord = (int)(first >> 6), shift = (int)(first & 63);
                for (int k = 0; k < width; k++)
                    planes[k][planeWord] |= BitGather.Extract(wire[j], Comb(width, k)) << shift;
            }
        }
        else
        {
            DeinterleaveByRound(wire, width, rounds, planes);
        }

        foreach (var plane in planes)
            PackedBits.ClearTail(plane, rounds); // the payload reader refuses set tail bits; this keeps the planes' promise for any caller
        var settings = SettingPlanes.Wrap(alphabet, rounds, planes);
        if (alphabet < 1 << width)
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

    internal static void DeinterleaveByRound(ReadOnlySpan<ulong> wire, int width, int rounds, ulong[][] planes)
    {
        for (int i = 0; i < rounds; i++)
        {
            ulong value = PackedBits.ReadBits(wire, (long)i * width, width);
            for (int k = 0; k < width; k++)
                planes[k][i >> 6] |= ((value >> k) & 1) << (i & 63);
        }
    }
}
