using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace QkdEdge.Protocol.Messages;

/// <summary>Builds a block-protocol payload: little-endian integers, length-prefixed strings and bit strings.</summary>
internal sealed class PayloadWriter
{
    private byte[] _bytes = new byte[256];
    private int _length;

    public PayloadWriter U8(byte value)
    {
        Reserve(1)[0] = value;
        return this;
    }

    public PayloadWriter U32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);
        return this;
    }

    public PayloadWriter U64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);
        return this;
    }

    public PayloadWriter Text(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length > ushort.MaxValue)
            throw new ArgumentException("Text field longer than 65535 bytes.", nameof(value));
        BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), (ushort)bytes.Length);
        bytes.CopyTo(Reserve(bytes.Length));
        return this;
    }

    /// <summary>A bit string: u64 bit count, then the packed words' bytes (little-endian, ceil(bits/8) bytes).</summary>
    public PayloadWriter Bits(ReadOnlySpan<ulong> words, long bitCount)
    {
        U64((ulong)bitCount);
        WordBytes(words, checked((int)((bitCount + 7) / 8)));
        return this;
    }

    public PayloadWriter Raw(ReadOnlySpan<byte> bytes)
    {
        U32(checked((uint)bytes.Length));
        bytes.CopyTo(Reserve(bytes.Length));
        return this;
    }

    public byte[] ToArray() => _bytes.AsSpan(0, _length).ToArray();

    private void WordBytes(ReadOnlySpan<ulong> words, int bytes)
    {
        var target = Reserve(bytes);
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(words)[..bytes].CopyTo(target);
            return;
        }
        Span<byte> word = stackalloc byte[8];
        for (int i = 0; i < bytes; i += 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(word, words[i / 8]);
            word[..Math.Min(8, bytes - i)].CopyTo(target[i..]);
        }
    }

    private Span<byte> Reserve(int count)
    {
        int end = checked(_length + count);
        if (end > _bytes.Length)
            Array.Resize(ref _bytes, (int)Math.Min(Array.MaxLength, Math.Max(end, 2L * _bytes.Length)));
        var span = _bytes.AsSpan(_length, count);
        _length = end;
        return span;
    }
}
