using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace QkdEdge.Protocol.Messages;

/// <summary>
/// Reads a block-protocol payload written by <see cref="PayloadWriter"/>. Payloads come from the peer, so
/// every length is checked against what is left and against the caller's limits; a malformed payload
/// raises <see cref="MalformedPayloadException"/> naming the field and offset.
/// </summary>
internal ref struct PayloadReader(ReadOnlySpan<byte> payload)
{
    /// <summary>Throws on invalid UTF-8 instead of replacing it: a peer's text is taken exactly as sent or not at all.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _payload = payload;
    private int _offset;

    public byte U8(string field) => Take(1, field)[0];

    public uint U32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));

    public ulong U64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, field));

    public string Text(string field)
    {
        int length = BinaryPrimitives.ReadUInt16LittleEndian(Take(2, field));
        int start = _offset;
        return DecodeText(Take(length, field), field, start);
    }

    /// <summary>A text field's bytes, strictly UTF-8; <paramref name="start"/> is their offset in the payload (for the message).</summary>
    internal static string DecodeText(ReadOnlySpan<byte> bytes, string field, long start)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            string bad = ex.BytesUnknown is { Length: > 0 } unknown ? $" 0x{Convert.ToHexString(unknown)}" : "";
            throw new MalformedPayloadException($"{field}: {bytes.Length} bytes of text are not valid UTF-8 (bad byte{bad} at offset {start + Math.Max(0, ex.Index)}).");
        }
    }

    public ulong[] Bits(string field, long expectedBits)
    {
        var source = BitBytes(field, expectedBits);
        var words = new ulong[(expectedBits + 63) / 64];
        if (BitConverter.IsLittleEndian)
        {
            source.CopyTo(MemoryMarshal.AsBytes(words.AsSpan()));
            return words;
        }
        for (int i = 0; i < words.Length; i++)
            words[i] = WordAt(source, i);
        return words;
    }

    /// <summary>
    /// A bit string's bytes as they lie in the payload (ceil(bits/8) of them, bits past the end checked to be
    /// zero), for a caller that reads them once, such as the settings' wire form, without a copy beside the
    /// payload; <see cref="WordAt"/> reads word <c>i</c>.
    /// </summary>
    public ReadOnlySpan<byte> BitBytes(string field, long expectedBits)
    {
        ulong bits = U64(field);
        if (bits != (ulong)expectedBits)
            throw new MalformedPayloadException($"{field}: {bits} bits where {expectedBits} were expected (offset {_offset - 8}).");
        var source = Take(checked((int)((expectedBits + 7) / 8)), field);
        int rest = (int)(expectedBits & 63);
        if (rest != 0 && (WordAt(source, (int)((expectedBits - 1) / 64)) >> rest) != 0)
            throw new MalformedPayloadException($"{field}: bits set past the end of the string.");
        return source;
    }

    /// <summary>Word <paramref name="index"/> of a bit string's bytes, little-endian; the last word's missing bytes read 0.</summary>
    public static ulong WordAt(ReadOnlySpan<byte> bytes, int index)
    {
        int at = index * 8;
        if (bytes.Length - at >= 8)
            return BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(at, 8));
        Span<byte> word = stackalloc byte[8];
        word.Clear();
        bytes[at..].CopyTo(word);
        return BinaryPrimitives.ReadUInt64LittleEndian(word);
    }

    public byte[] Raw(string field, int maxLength)
    {
        uint length = U32(field);
        if (length > (uint)maxLength)
            throw new MalformedPayloadException($"{field}: {length} bytes exceed the limit of {maxLength}.");
        return Take((int)length, field).ToArray();
    }

    public void End()
    {
        if (_offset != _payload.Length)
            throw new MalformedPayloadException($"{_payload.Length - _offset} unexpected bytes after the last field (offset {_offset}).");
    }

    private ReadOnlySpan<byte> Take(int count, string field)
    {
        if (count < 0 || _payload.Length - _offset < count)
            throw new MalformedPayloadException($"{field}: needs {count} bytes at offset {_offset}, payload has {_payload.Length}.");
        var slice = _payload.Slice(_offset, count);
        _offset += count;
        return slice;
    }
}

/// <summary>A peer's block-protocol payload does not parse. The block is aborted; the session is not trusted further.</summary>
public sealed class MalformedPayloadException(string message) : Exception(message);
