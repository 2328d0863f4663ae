using System.Numerics;

namespace QkdEdge.Archive.Encoding;

/// <summary>
/// Appends bit fields, least significant bit first, to a growable byte buffer. Written by hand because
/// the base library has no bit-level writer and the archive's density depends on packing below a byte.
/// </summary>
internal sealed class BitWriter
{
    private byte[] _buffer;
    private int _bytes;
    private ulong _accumulator;
    private int _pending;

    public BitWriter(int initialCapacity)
    {
        _buffer = new byte[Math.Max(16, initialCapacity)];
    }

    public void Reset()
    {
        _bytes = 0;
        _accumulator = 0;
        _pending = 0;
    }

    /// <summary>Writes the low <paramref name="count"/> bits (0..64) of <paramref name="value"/>.</summary>
    public void WriteBits(ulong value, int count)
    {
        if (count == 0)
            return;
        if (count < 64)
            value &= (1UL << count) - 1;
        _accumulator |= value << _pending;
        int room = 64 - _pending;
        if (count < room)
        {
            _pending += count;
            return;
        }
        FlushWord(_accumulator);
        // The bits of value that did not fit in the accumulator start the next word.
        _accumulator = room == 64 ? 0 : value >> room;
        _pending = count - room;
    }

    public void WriteZeros(int count)
    {
        while (count > 0)
        {
            int n = Math.Min(count, 64);
            WriteBits(0, n);
            count -= n;
        }
    }

    /// <summary>
    /// Exponential-Golomb code of order <paramref name="order"/>, in this archive's bit order: with m = (v &gt;&gt; order) + 1
    /// of n bits, write n-1 zero bits, a one bit, the low n-1 bits of m (m's top bit is always one, so it is
    /// implied), then the low <paramref name="order"/> bits of v; every field least significant bit first. Small
    /// residuals cost a few bits; a rare large one (a missed trigger, a reset) costs about twice its bit length.
    /// </summary>
    public void WriteExpGolomb(ulong value, int order)
    {
        ulong quotient = value >> order;
        if (quotient < (1UL << 24))
        {
            // Common case: the whole code (at most 2*25-1 + order bits) goes out in one or two field writes.
            ulong m = quotient + 1;
            int n = 64 - BitOperations.LeadingZeroCount(m);
            ulong prefixAndMantissa = (1UL << (n - 1)) | ((m & ((1UL << (n - 1)) - 1)) << n);
            WriteBits(prefixAndMantissa, 2 * n - 1);
            WriteBits(value, order);
            return;
        }
        UInt128 wide = (UInt128)quotient + 1;
        int length = 128 - (int)UInt128.LeadingZeroCount(wide);
        WriteZeros(length - 1);
        WriteBits(1, 1);
        UInt128 mantissa = wide & ((UInt128.One << (length - 1)) - 1);
        int rest = length - 1;
        WriteBits((ulong)mantissa, Math.Min(rest, 64));
        if (rest > 64)
            WriteBits((ulong)(mantissa >> 64), rest - 64);
        WriteBits(value, order);
    }

    public static int ExpGolombLength(ulong value, int order)
    {
        ulong quotient = value >> order;
        int length = quotient == ulong.MaxValue ? 65 : 64 - BitOperations.LeadingZeroCount(quotient + 1);
        return 2 * length - 1 + order;
    }

    /// <summary>Pads to a whole byte with zero bits and returns the bytes written so far.</summary>
    public ReadOnlySpan<byte> Complete()
    {
        int tailBytes = (_pending + 7) / 8;
        EnsureRoom(tailBytes);
        for (int i = 0; i < tailBytes; i++)
            _buffer[_bytes + i] = (byte)(_accumulator >> (8 * i));
        _bytes += tailBytes;
        _accumulator = 0;
        _pending = 0;
        return _buffer.AsSpan(0, _bytes);
    }

    private void FlushWord(ulong word)
    {
        EnsureRoom(8);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_bytes), word);
        _bytes += 8;
    }

    private void EnsureRoom(int extra)
    {
        if (_bytes + extra <= _buffer.Length)
            return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _bytes + extra));
    }
}
