using System.Buffers;
using QkdEdge.Archive.Encoding;

namespace QkdEdge.Archive.Format;

/// <summary>Frames records inside a data segment's payload: type byte, varint body length, body.</summary>
internal static class PayloadRecords
{
    public static void Append(ArrayBufferWriter<byte> payload, RecordType type, ReadOnlySpan<byte> body)
    {
        Span<byte> head = stackalloc byte[1 + VarInt.MaxLength];
        head[0] = (byte)type;
        int n = 1 + VarInt.Write(head[1..], (ulong)body.Length);
        payload.Write(head[..n]);
        payload.Write(body);
    }

    /// <summary>Reads the record at <paramref name="offset"/>; returns the body and moves past it.</summary>
    public static ReadOnlySpan<byte> Next(ReadOnlySpan<byte> payload, ref int offset, out RecordType type)
    {
        type = (RecordType)payload[offset++];
        if (type is not (RecordType.Rounds or RecordType.Event or RecordType.BlockCut))
            throw new ArchiveFormatException($"unknown record type {(byte)type}");
        ulong length = VarInt.Read(payload, ref offset);
        if (length > (ulong)(payload.Length - offset))
            throw new ArchiveFormatException("record runs past the end of its segment");
        var body = payload.Slice(offset, (int)length);
        offset += (int)length;
        return body;
    }
}
