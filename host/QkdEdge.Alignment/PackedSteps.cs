using System.Numerics;

namespace QkdEdge.Alignment;

/// <summary>
/// Up to <see cref="Capacity"/> consecutive tag steps, packed as frame of reference: every step as its distance from
/// the window's typical step, zigzagged, in the fewest bits that hold nearly all of them; the few that do not fit
/// (a missed trigger, a clock jump) are kept whole beside the bits. Periodic triggers with a few ticks of jitter pack
/// into 3 or 4 bits per step, against the 32 a plain step array spends. Hand-written because no library packs a
/// stream this way with random access by window; immutable once packed.
/// </summary>
internal sealed class PackedSteps
{
    /// <summary>Steps per window: the block's checkpoint interval, so a window is decoded from its start.</summary>
    public const int Capacity = 4096;

    /// <summary>A step kept whole costs its 64 bits, besides the code that marks it.</summary>
    private const int EscapeBits = 64;

    /// <summary>Steps sampled for the typical step: their median ignores a minority of outliers.</summary>
    private const int Samples = 15;

    private readonly long _typical;
    private readonly int _width;
    private readonly ulong[] _bits;
    private readonly long[] _escapes;

    private PackedSteps(int count, long typical, int width, ulong[] bits, long[] escapes)
    {
        Count = count;
        _typical = typical;
        _width = width;
        _bits = bits;
        _escapes = escapes;
    }

    public int Count { get; }

    /// <summary>Bytes held: the codes and escapes, plus about 48 for this object and 24 for each array's header.</summary>
    public long Bytes => 48 + (8L * _bits.Length) + (8L * _escapes.Length) + (2 * 24);

    /// <summary>
    /// Packs <paramref name="steps"/>. The first step of a window is never read (the block keeps the window's first tag
    /// whole), so its code is left empty.
    /// </summary>
    public static PackedSteps Pack(ReadOnlySpan<long> steps)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps.Length, Capacity, nameof(steps));
        int count = steps.Length;
        if (count <= 1)
            return new PackedSteps(count, 0, 0, [], []);

        // A window whose steps are all the same (every window of a clean link) holds no codes; found by one vectorised
        // search instead of the histogram below, which gives the same window for it.
        if (steps[2..].IndexOfAnyExcept(steps[1]) < 0)
            return new PackedSteps(count, steps[1], 0, [], []);

        long typical = Typical(steps);

        // Code c >= 1 stands for zigzag distance c - 1; code 0 marks an escape. So a distance d fits width w when
        // d + 1 < 2^w, i.e. when d + 1 has at most w significant bits (a distance of 2^64 - 1 never fits).
        Span<ulong> distances = stackalloc ulong[Capacity];
        distances = distances[..count];
        Span<int> bySignificantBits = stackalloc int[66];
        ulong any = 0;
        for (int i = 1; i < count; i++)
        {
            ulong distance = ZigZag(unchecked(steps[i] - typical));
            distances[i] = distance;
            any |= distance;
            bySignificantBits[distance == ulong.MaxValue ? 65 : 64 - BitOperations.LeadingZeroCount(distance + 1)]++;
        }

        if (any == 0)
            return new PackedSteps(count, typical, 0, [], []);

        var (width, escapeCount) = CheapestWidth(bySignificantBits, count);
        var bits = new ulong[((count * width) + 63) >> 6];
        var escapes = escapeCount == 0 ? [] : new long[escapeCount];
        ulong limit = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        int escape = 0;
        // Codes go out through a 64-bit accumulator, a word at a time; position 0's code is the first width of zeros.
        ulong pending = 0;
        int filled = width, word = 0;
        for (int i = 1; i < count; i++)
        {
            ulong distance = distances[i];
            ulong code = distance < limit ? distance + 1 : 0;
            if (code == 0)
                escapes[escape++] = steps[i];
            if (filled == 64)
            {
                bits[word++] = pending;
                pending = 0;
                filled = 0;
            }

            pending |= code << filled;
            if (filled + width > 64)
            {
                bits[word++] = pending;
                pending = code >> (64 - filled);
                filled += width - 64;
            }
            else
            {
                filled += width;
            }
        }

        if (filled > 0 && word < bits.Length)
            bits[word] = pending;

        // Position 0's code stays empty: DecodeTags and TagAt start from the window's first tag.
        return new PackedSteps(count, typical, width, bits, escapes);
    }

    /// <summary>
    /// The tags of the window's positions [0, <paramref name="into"/>.Length), the first being <paramref name="firstTag"/>
    /// and each next one the previous plus its step (wrapping, as tags are summed everywhere).
    /// </summary>
    public void DecodeTags(long firstTag, Span<long> into)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(into.Length, Count, nameof(into));
        if (into.IsEmpty)
            return;
        if (_width == 0)
        {
            ArithmeticFill.Fill(into, firstTag, _typical);
            return;
        }

        into[0] = firstTag;
        long tag = firstTag;
        var codes = new CodeReader(this);
        for (int i = 1; i < into.Length; i++)
            into[i] = tag = unchecked(tag + codes.NextStep());
    }

    /// <summary>The tag at <paramref name="offset"/> when the window's first is <paramref name="firstTag"/>.</summary>
    public long TagAt(long firstTag, int offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(offset, Count);
        if (_width == 0)
            return unchecked(firstTag + (_typical * offset));
        long tag = firstTag;
        var codes = new CodeReader(this);
        for (int i = 1; i <= offset; i++)
            tag = unchecked(tag + codes.NextStep());
        return tag;
    }

    /// <summary>The median of a few evenly spread steps (after the unread first).</summary>
    private static long Typical(ReadOnlySpan<long> steps)
    {
        int samples = Math.Min(Samples, steps.Length - 1);
        Span<long> picked = stackalloc long[samples];
        for (int j = 0; j < samples; j++)
            picked[j] = steps[1 + (int)((long)j * (steps.Length - 1) / samples)];
        picked.Sort();
        return picked[samples / 2];
    }

    /// <summary>The width that minimises the window's bits, every escape costing <see cref="EscapeBits"/> more, and its escapes.</summary>
    private static (int Width, int Escapes) CheapestWidth(ReadOnlySpan<int> bySignificantBits, int count)
    {
        // Escapes at width w: every distance needing more than w bits (index 65: never fits).
        int escapes = bySignificantBits[65];
        for (int b = 2; b <= 64; b++)
            escapes += bySignificantBits[b];
        (int Width, int Escapes) best = (1, escapes);
        long bestBits = ((long)count * 1) + ((long)escapes * EscapeBits);
        for (int width = 2; width <= 64; width++)
        {
            escapes -= bySignificantBits[width];
            long bits = ((long)count * width) + ((long)escapes * EscapeBits);
            if (bits < bestBits)
                (best, bestBits) = ((width, escapes), bits);
        }

        return best;
    }

    /// <summary>Reads a window's steps in order, through a 64-bit accumulator (a word load per 64 bits of codes).</summary>
    private struct CodeReader(PackedSteps window)
    {
        private readonly ulong _mask = window._width == 64 ? ulong.MaxValue : (1UL << window._width) - 1;
        private ulong _current = window._bits.Length > 0 ? window._bits[0] : 0;
        private int _used = window._width; // position 0's code is never read
        private int _word;
        private int _escape;

        /// <summary>The next position's step (from position 1 on).</summary>
        public long NextStep()
        {
            int width = window._width;
            if (_used == 64)
            {
                _current = window._bits[++_word];
                _used = 0;
            }

            ulong code = _current >> _used;
            if (_used + width > 64)
            {
                _current = window._bits[++_word];
                code |= _current << (64 - _used);
                _used += width - 64;
            }
            else
            {
                _used += width;
            }

            code &= _mask;
            return code == 0 ? window._escapes[_escape++] : unchecked(window._typical + UnZigZag(code - 1));
        }
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);
}
