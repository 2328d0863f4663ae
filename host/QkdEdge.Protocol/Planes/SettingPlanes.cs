using QkdEdge.Distillation.Bits;

namespace QkdEdge.Protocol.Planes;

/// <summary>
/// One station's settings for a block as bit-planes: plane k holds bit k of every round's setting (round i at
/// bit i &amp; 63 of word i &gt;&gt; 6). A setting-pair mask is then a few ANDs per 64 rounds and a count a
/// population count, which is what makes the engine's counting and sifting run at memory speed; a byte per
/// round would cost eight times the memory and a branch per round. Bits past <see cref="Rounds"/> are zero.
/// </summary>
public sealed class SettingPlanes
{
    private readonly ulong[][] _planes;

    private SettingPlanes(int alphabet, int rounds, ulong[][] planes)
    {
        Alphabet = alphabet;
        Rounds = rounds;
        _planes = planes;
    }

    /// <summary>Number of settings; every round's setting lies in [0, Alphabet).</summary>
    public int Alphabet { get; }

    public int Rounds { get; }

    /// <summary>Bits per setting: ceil(log2 Alphabet), at least 1 (the width on the wire too).</summary>
    public int Width => _planes.Length;

    public int WordCount => PackedBits.WordCount(Rounds);

    public static int WidthFor(int alphabet)
    {
        if (alphabet is < 1 or > byte.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(alphabet), alphabet, "A setting alphabet has 1 to 255 settings (the wire carries it in a byte).");
        return alphabet <= 2 ? 1 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(alphabet - 1));
    }

    /// <summary>Plane <paramref name="bit"/>: bit <paramref name="bit"/> of every round's setting.</summary>
    public ReadOnlySpan<ulong> Plane(int bit) => _planes[bit].AsSpan(0, WordCount);

    /// <summary>
    /// Wraps planes built elsewhere (one per setting bit, at least a word per 64 rounds; longer arrays are used up to
    /// the rounds). Checks that every setting lies below <paramref name="alphabet"/> and that no bit past the last
    /// round is set.
    /// </summary>
    public static SettingPlanes FromPlanes(int alphabet, int rounds, ulong[][] planes)
    {
        ArgumentNullException.ThrowIfNull(planes);
        ArgumentOutOfRangeException.ThrowIfNegative(rounds);
        int width = WidthFor(alphabet), words = PackedBits.WordCount(rounds);
        if (planes.Length != width || planes.Any(p => p is null || p.Length < words))
            throw new ArgumentException($"{rounds} rounds of a {alphabet}-letter alphabet need {width} planes of at least {words} words.", nameof(planes));
        var settings = new SettingPlanes(alphabet, rounds, planes);
        for (int w = 0; w < words; w++)
        {
            ulong outside = settings.AtLeast(w, alphabet) | (w == words - 1 ? Past(settings, w) : 0);
            if (outside != 0)
                throw new ArgumentException($"Round {((long)w << 6) + System.Numerics.BitOperations.TrailingZeroCount(outside)} has a setting outside the alphabet of {alphabet}, or a bit past the last round is set.", nameof(planes));
        }

        return settings;

        static ulong Past(SettingPlanes s, int word)
        {
            ulong set = 0;
            for (int k = 0; k < s.Width; k++)
                set |= s._planes[k][word];
            return set & ~s.ValidMask(word);
        }
    }

    /// <summary>Settings given a byte per round; every value must lie below <paramref name="alphabet"/>.</summary>
    public static SettingPlanes FromBytes(ReadOnlySpan<byte> settings, int alphabet)
    {
        int width = WidthFor(alphabet);
        int bad = settings.IndexOfAnyInRange((byte)alphabet, byte.MaxValue);
        if (bad >= 0)
            throw new ArgumentOutOfRangeException(nameof(settings), $"Round {bad} has setting {settings[bad]}, outside the alphabet of {alphabet}.");
        var planes = Allocate(width, settings.Length);
        for (int k = 0; k < width; k++)
            ByteColumns.Plane(settings, k, planes[k]);
        return new SettingPlanes(alphabet, settings.Length, planes);
    }

    /// <summary>Wraps planes built elsewhere (the wire decoder); the caller has checked values and tails.</summary>
    internal static SettingPlanes Wrap(int alphabet, int rounds, ulong[][] planes) => new(alphabet, rounds, planes);

    internal static ulong[][] Allocate(int width, int rounds)
    {
        var planes = new ulong[width][];
        for (int k = 0; k < width; k++)
            planes[k] = new ulong[PackedBits.WordCount(rounds)];
        return planes;
    }

    /// <summary>The setting of round <paramref name="round"/>.</summary>
    public int ValueAt(long round)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(round);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(round, Rounds);
        int value = 0;
        for (int k = 0; k < _planes.Length; k++)
            value |= PackedBits.GetBit(_planes[k], round) << k;
        return value;
    }

    /// <summary>A byte per round (the form the archive and the reference counter use).</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Rounds];
        for (int i = 0; i < bytes.Length; i++)
            bytes[i] = (byte)ValueAt(i);
        return bytes;
    }

    /// <summary>Mask of the rounds in word <paramref name="word"/> whose setting is <paramref name="value"/>.</summary>
    public ulong Matches(int word, int value)
    {
        ulong mask = ValidMask(word);
        for (int k = 0; k < _planes.Length; k++)
            mask &= ((value >> k) & 1) != 0 ? _planes[k][word] : ~_planes[k][word];
        return mask;
    }

    /// <summary>Mask of the rounds in word <paramref name="word"/> whose setting is at least <paramref name="bound"/> (bit-sliced comparison, high bit first).</summary>
    internal ulong AtLeast(int word, int bound)
    {
        ulong greater = 0, equal = ValidMask(word);
        for (int k = _planes.Length - 1; k >= 0; k--)
        {
            ulong plane = _planes[k][word];
            if (((bound >> k) & 1) != 0)
            {
                equal &= plane;
            }
            else
            {
                greater |= equal & plane;
                equal &= ~plane;
            }
        }

        // Bits of the bound above the width: the bound exceeds every representable value.
        return bound >> _planes.Length != 0 ? 0 : greater | equal;
    }

    /// <summary>All ones, except past the last round in the last word.</summary>
    public ulong ValidMask(int word) => PackedBits.WordMask(Rounds, word);
}
