using System.Buffers.Binary;
using System.Numerics;

namespace QkdEdge.Archive.Encoding;

/// <summary>Reads the fields a <see cref="BitWriter"/> wrote. Running past the end is corruption.</summary>
internal ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private long _position;

    public BitReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public long BitLength => (long)_data.Length * 8;

    public ulong ReadBits(int count)
    {
        if (count == 0)
            return 0;
        if (_position + count > BitLength)
            throw new ArchiveFormatException("bit stream ends inside a field");
        int byteIndex = (int)(_position >> 3);
        int bitOffset = (int)(_position & 7);
        ulong result;
        if (count <= 56 && byteIndex + 8 <= _data.Length)
        {
            // Fast path: one unaligned 64-bit load holds at least 57 bits from the current position.
            result = (BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(byteIndex)) >> bitOffset) & ((1UL << count) - 1);
            _position += count;
            return result;
        }
        result = 0;
        int produced = 0;
        while (produced < count)
        {
            byteIndex = (int)(_position >> 3);
            bitOffset = (int)(_position & 7);
            int take = Math.Min(8 - bitOffset, count - produced);
            ulong bits = (ulong)((_data[byteIndex] >> bitOffset) & ((1 << take) - 1));
            result |= bits << produced;
            produced += take;
            _position += take;
        }
        return result;
    }

    /// <summary>Reads a code written by <see cref="BitWriter.WriteExpGolomb"/>.</summary>
    public ulong ReadExpGolomb(int order)
    {
        int zeros = CountZeroRun();
        _position += 1; // the one that ends the prefix
        ulong value;
        if (zeros < 64)
        {
            ulong mantissa = ReadWide(zeros);
            ulong quotient = ((1UL << zeros) | mantissa) - 1;
            if (order > 0 && quotient > ulong.MaxValue >> order)
                throw new ArchiveFormatException("Exp-Golomb value exceeds 64 bits");
            value = quotient << order;
        }
        else
        {
            // m = 2^64 + mantissa: only m = 2^64, order 0, fits (the value 2^64 - 1).
            ulong mantissa = ReadWide(64);
            if (zeros > 64 || mantissa != 0 || order != 0)
                throw new ArchiveFormatException("Exp-Golomb value exceeds 64 bits");
            value = ulong.MaxValue;
        }
        return value | ReadWide(order);
    }

    private ulong ReadWide(int count) =>
        count <= 56 ? ReadBits(count) : ReadBits(32) | (ReadBits(count - 32) << 32);

    /// <summary>The writer pads with zero bits; anything else there means the bytes were changed.</summary>
    public void ExpectZeroPaddingToEnd()
    {
        long remaining = BitLength - _position;
        if (remaining >= 8)
            throw new ArchiveFormatException("bit stream longer than its content");
        if (remaining > 0 && ReadBits((int)remaining) != 0)
            throw new ArchiveFormatException("non-zero padding bits");
    }

    private int CountZeroRun()
    {
        int zeros = 0;
        while (true)
        {
            long left = BitLength - _position;
            if (left <= 0)
                throw new ArchiveFormatException("bit stream ends inside an Exp-Golomb prefix");
            int window = (int)Math.Min(left, 56);
            ulong bits = PeekBits(window);
            if (bits != 0)
            {
                int run = BitOperations.TrailingZeroCount(bits);
                zeros += run;
                _position += run;
                break;
            }
            zeros += window;
            _position += window;
            if (zeros > 64)
                break;
        }
        if (zeros > 64)
            throw new ArchiveFormatException("Exp-Golomb prefix longer than 64 bits");
        return zeros;
    }

    private ulong PeekBits(int count)
    {
        long saved = _position;
        ulong bits = ReadBits(count);
        _position = saved;
        return bits;
    }
}
