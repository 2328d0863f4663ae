using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace QkdEdge.Protocol.Messages;

/// <summary>Builds a block-protocol payload: little-endian integers, length-prefixed strings and bit strings.</summary>
/// <remarks>
/// A block's reveals run to hundreds of megabytes at 10^9 rounds. A writer given the payload's exact size
/// (<see cref="PayloadWriter(int)"/>, sized with <see cref="TextBytes"/> and <see cref="BitsBytes"/>) fills one
/// array and hands that array over, where a growing stream held up to twice the payload while it grew and a
/// third copy for the result.
/// </remarks>
internal sealed class PayloadWriter
{
    private byte[] _bytes;
    private int _length;

    public PayloadWriter() => _bytes = new byte[256];

    /// <summary>A writer for a payload of <paramref name="exactBytes"/> bytes: <see cref="ToArray"/> returns its buffer without a copy.</summary>
    public PayloadWriter(int exactBytes) => _bytes = new byte[exactBytes];

    /// <summary>Bytes <see cref="Text"/> writes for <paramref name="value"/>.</summary>
    public static int TextBytes(string value) => 2 + Encoding.UTF8.GetByteCount(value);

    /// <summary>Bytes <see cref="Bits(ReadOnlySpan{ulong}, long)"/> writes for a string of <paramref name="bitCount"/> bits.</summary>
    public static long BitsBytes(long bitCount) => 8 + (bitCount + 7) / 8;

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

    /// <summary>The payload; the writer's own buffer when it was sized exactly, else a copy of what was written.</summary>
    public byte[] ToArray() => _length == _bytes.Length ? _bytes : _bytes.AsSpan(0, _length).ToArray();

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
