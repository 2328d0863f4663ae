using System.Buffers.Binary;
using System.Text;

namespace QkdEdge.Protocol.Messages;

/// <summary>Builds a block-protocol payload: little-endian integers, length-prefixed strings and bit strings.</summary>
internal sealed class PayloadWriter
{
    private readonly MemoryStream _buffer = new();

    public PayloadWriter U8(byte value)
    {
        _buffer.WriteByte(value);
        return this;
    }

    public PayloadWriter U32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        _buffer.Write(bytes);
        return this;
    }

    public PayloadWriter U64(ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        _buffer.Write(bytes);
        return this;
    }

    public PayloadWriter Text(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length > ushort.MaxValue)
            throw new ArgumentException("Text field longer than 65535 bytes.", nameof(value));
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)bytes.Length);
        _buffer.Write(length);
        _buffer.Write(bytes);
        return this;
    }

    /// <summary>A bit string: u64 bit count, then the packed words' bytes (little-endian, ceil(bits/8) bytes).</summary>
    public PayloadWriter Bits(ReadOnlySpan<ulong> words, long bitCount)
    {
        U64((ulong)bitCount);
        int bytes = checked((int)((bitCount + 7) / 8));
        Span<byte> word = stackalloc byte[8];
        for (int i = 0; i < bytes; i += 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(word, words[i / 8]);
            _buffer.Write(word[..Math.Min(8, bytes - i)]);
        }
        return this;
    }

    public PayloadWriter Raw(ReadOnlySpan<byte> bytes)
    {
        U32(checked((uint)bytes.Length));
        _buffer.Write(bytes);
        return this;
    }

    public byte[] ToArray() => _buffer.ToArray();
}
