using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;
using QkdEdge.Wire.Packing;

namespace QkdEdge.Wire.Decoding;

/// <summary>
/// The host's Rounds payload decoder: table lookups for settings and clicks (one store per packed
/// byte), vector stores for the arithmetic progression of time tags. It accepts exactly what the
/// reference decoder <see cref="RoundsFrame"/> accepts (tests hold them to that) and never throws on
/// bad bytes; it throws only when the caller's columns are too small for a valid frame.
/// </summary>
public static class RoundsPayloadDecoder
{
    private static readonly uint[] ClickDigits = BuildClickTable();

    /// <summary>
    /// Decodes <paramref name="payload"/> into the columns (from index 0). On error the columns hold
    /// partial data and <paramref name="errorOffset"/> is the offset in the payload.
    /// </summary>
    public static FrameError Decode(ReadOnlySpan<byte> payload, Span<byte> settings, Span<byte> clicks, Span<long> timeTags,
        out RoundsHeader header, out int errorOffset)
    {
        header = default;
        if (payload.Length < RoundsFrameLayout.FixedPayloadLength)
        {
            errorOffset = payload.Length;
            return FrameError.PayloadLengthMismatch;
        }

        ulong firstRound = BinaryPrimitives.ReadUInt64LittleEndian(payload[RoundsFrameLayout.FirstRoundOffset..]);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(payload[RoundsFrameLayout.RoundCountOffset..]);
        int alphabet = payload[RoundsFrameLayout.AlphabetSizeOffset];
        long firstTag = (long)BinaryPrimitives.ReadUInt64LittleEndian(payload[RoundsFrameLayout.FirstTimeTagOffset..]);
        uint period = BinaryPrimitives.ReadUInt32LittleEndian(payload[RoundsFrameLayout.PeriodOffset..]);
        int exceptions = BinaryPrimitives.ReadUInt16LittleEndian(payload[RoundsFrameLayout.ExceptionCountOffset..]);

        if (firstRound > (ulong)(long.MaxValue - count))
        {
            errorOffset = RoundsFrameLayout.FirstRoundOffset;
            return FrameError.FieldOutOfRange;
        }

        if (count == 0)
        {
            errorOffset = RoundsFrameLayout.RoundCountOffset;
            return FrameError.FieldOutOfRange;
        }

        if (alphabet < SettingsPacking.MinAlphabetSize)
        {
            errorOffset = RoundsFrameLayout.AlphabetSizeOffset;
            return FrameError.FieldOutOfRange;
        }

        SettingsTable table = SettingsTable.For(alphabet);
        int settingsLength = (count + table.SettingsPerByte - 1) / table.SettingsPerByte;
        int clicksLength = (count + 3) / 4;
        int exceptionsOffset = RoundsFrameLayout.FixedPayloadLength + settingsLength + clicksLength;
        if (payload.Length < exceptionsOffset)
        {
            errorOffset = payload.Length;
            return FrameError.PayloadLengthMismatch;
        }

        if (settings.Length < count || clicks.Length < count || timeTags.Length < count)
            throw new ArgumentException($"The columns hold fewer than the frame's {count} rounds.");

        int bad = DecodeSettings(payload.Slice(RoundsFrameLayout.FixedPayloadLength, settingsLength), count, table, settings);
        if (bad >= 0)
        {
            errorOffset = RoundsFrameLayout.FixedPayloadLength + bad;
            return FrameError.InvalidSettingsPacking;
        }

        bad = DecodeClicks(payload.Slice(RoundsFrameLayout.FixedPayloadLength + settingsLength, clicksLength), count, clicks);
        if (bad >= 0)
        {
            errorOffset = RoundsFrameLayout.FixedPayloadLength + settingsLength + bad;
            return FrameError.InvalidClickPadding;
        }

        int position = DecodeTimeTags(payload, exceptionsOffset, exceptions, count, firstTag, period, timeTags, out errorOffset);
        if (position < 0)
            return FrameError.InvalidTimeTagException;
        if (position != payload.Length)
        {
            errorOffset = position;
            return FrameError.PayloadLengthMismatch;
        }

        header = new RoundsHeader((long)firstRound, count, alphabet, firstTag, period, exceptions);
        errorOffset = 0;
        return FrameError.None;
    }

    /// <summary>Returns -1, or the index of the first invalid packed byte.</summary>
    private static int DecodeSettings(ReadOnlySpan<byte> packed, int count, SettingsTable table, Span<byte> settings)
    {
        int m = table.SettingsPerByte;
        int limit = table.Limit;
        ulong[] digits = table.Digits;
        ref byte destination = ref MemoryMarshal.GetReference(settings);

        // Whole bytes with an 8-byte store each, while the store stays inside the column (it may
        // spill into the next byte's slots, which the next store overwrites).
        int full = count / m;
        int fastBytes = Math.Min(full, (settings.Length - 8) / m + 1);
        if (settings.Length < 8)
            fastBytes = 0;
        int i = 0;
        for (; i < fastBytes; i++)
        {
            int value = packed[i];
            if (value >= limit)
                return i;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, i * m), digits[value]);
        }

        for (; i < packed.Length; i++)
        {
            int value = packed[i];
            int rounds = Math.Min(m, count - i * m);
            if (value >= table.Limits[rounds])
                return i;
            ulong d = digits[value];
            for (int r = 0; r < rounds; r++)
                settings[i * m + r] = (byte)(d >> (8 * r));
        }

        return -1;
    }

    /// <summary>Returns -1, or the index of the last byte if its padding bits are not zero.</summary>
    private static int DecodeClicks(ReadOnlySpan<byte> packed, int count, Span<byte> clicks)
    {
        ref byte destination = ref MemoryMarshal.GetReference(clicks);
        int full = count / 4;
        int i = 0;
        for (; i < full; i++)
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, i * 4), ClickDigits[packed[i]]);

        int rest = count - full * 4;
        if (rest > 0)
        {
            int value = packed[full];
            if (value >> (2 * rest) != 0)
                return full;
            for (int r = 0; r < rest; r++)
                clicks[full * 4 + r] = (byte)((value >> (2 * r)) & 3);
        }

        return -1;
    }

    /// <summary>Fills the time tags; returns the payload position after the exception list, or -1 with the offset of the bad entry.</summary>
    private static int DecodeTimeTags(ReadOnlySpan<byte> payload, int position, int exceptions, int count,
        long firstTag, uint period, Span<long> timeTags, out int errorOffset)
    {
        long tag = firstTag;
        int segmentStart = 0;
        int previous = 0;
        for (int e = 0; e < exceptions; e++)
        {
            int entryStart = position;
            int read = TryReadVarint(payload, position, out ulong gap);
            if (read == 0 || gap == 0 || gap >= (ulong)(count - previous))
            {
                errorOffset = entryStart;
                return -1;
            }

            position += read;
            read = TryReadVarint(payload, position, out ulong zigzag);
            if (read == 0 || zigzag == 0)
            {
                errorOffset = entryStart;
                return -1;
            }

            position += read;
            int round = previous + (int)gap;
            // Rounds segmentStart .. round-1 step by exactly one period from the segment's first tag;
            // the listed round then deviates from its predecessor by d.
            long last = FillProgression(timeTags.Slice(segmentStart, round - segmentStart), tag, period);
            tag = unchecked(last + (long)period + Varint.ZigZagDecode(zigzag));
            segmentStart = round;
            previous = round;
        }

        FillProgression(timeTags.Slice(segmentStart, count - segmentStart), tag, period);
        errorOffset = 0;
        return position;
    }

    /// <summary>Writes first, first+P, first+2P, ... (wrapping) into a non-empty <paramref name="destination"/>; returns the last tag written.</summary>
    private static long FillProgression(Span<long> destination, long first, uint period)
    {
        long p = period;
        int i = 0;
        if (Vector.IsHardwareAccelerated && destination.Length >= Vector<long>.Count * 2)
        {
            Span<long> lanes = stackalloc long[Vector<long>.Count];
            for (int l = 0; l < lanes.Length; l++)
                lanes[l] = unchecked(first + l * p);
            var current = new Vector<long>(lanes);
            var step = new Vector<long>(unchecked(p * Vector<long>.Count));
            ref long target = ref MemoryMarshal.GetReference(destination);
            int vectorEnd = destination.Length - Vector<long>.Count;
            for (; i <= vectorEnd; i += Vector<long>.Count)
            {
                Unsafe.WriteUnaligned(ref Unsafe.As<long, byte>(ref Unsafe.Add(ref target, i)), current);
                current += step;
            }
        }

        for (; i < destination.Length; i++)
            destination[i] = unchecked(first + i * p);
        return destination[^1];
    }

    /// <summary>Minimal unsigned LEB128 (same rules as <see cref="Varint.TryRead"/>); returns bytes read or 0.</summary>
    private static int TryReadVarint(ReadOnlySpan<byte> buffer, int offset, out ulong value)
    {
        ulong result = 0;
        int shift = 0;
        for (int i = offset; i < buffer.Length; i++)
        {
            byte b = buffer[i];
            ulong group = (ulong)(b & 0x7F);
            if (shift == 63 && group > 1)
                break;
            result |= group << shift;
            if ((b & 0x80) == 0)
            {
                if (b == 0 && i > offset)
                    break;
                value = result;
                return i - offset + 1;
            }

            shift += 7;
            if (shift > 63)
                break;
        }

        value = 0;
        return 0;
    }

    private static uint[] BuildClickTable()
    {
        var table = new uint[256];
        for (int b = 0; b < 256; b++)
        {
            uint digits = 0;
            for (int r = 0; r < 4; r++)
                digits |= (uint)((b >> (2 * r)) & 3) << (8 * r);
            table[b] = digits;
        }

        return table;
    }
}
