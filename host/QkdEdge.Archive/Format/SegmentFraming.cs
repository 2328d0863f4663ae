using System.Buffers.Binary;
using System.Security.Cryptography;

namespace QkdEdge.Archive.Format;

/// <summary>
/// A segment is header, payload, then SHA-256(previous hash || header || payload). Every byte after the file
/// header is covered by exactly one segment hash, and each hash covers the one before it, so changing,
/// removing or reordering anything breaks the chain from that segment on.
/// </summary>
internal static class SegmentFraming
{
    public static void WriteHeader(Span<byte> header, SegmentKind kind, long index, int payloadLength)
    {
        ArchiveLayout.SegmentMagic.CopyTo(header);                            // 0..4 magic
        header[4] = (byte)kind;                                               // 4 kind
        header[5] = header[6] = header[7] = 0;                                // 5..8 reserved
        BinaryPrimitives.WriteUInt64LittleEndian(header[8..], (ulong)index);  // 8..16 segment index
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], (uint)payloadLength); // 16..20 payload length
    }

    public static string? CheckHeader(ReadOnlySpan<byte> header, long expectedIndex, out SegmentKind kind, out int payloadLength)
    {
        kind = (SegmentKind)header[4];
        payloadLength = 0;
        if (!header[..4].SequenceEqual(ArchiveLayout.SegmentMagic))
            return "bad segment magic";
        if (kind is not (SegmentKind.Data or SegmentKind.Seal))
            return $"unknown segment kind {(byte)kind}";
        if (header[5] != 0 || header[6] != 0 || header[7] != 0)
            return "reserved segment header bytes are not zero";
        ulong index = BinaryPrimitives.ReadUInt64LittleEndian(header[8..]);
        if (index != (ulong)expectedIndex)
            return $"segment index {index} where {expectedIndex} was expected";
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
        if (length > ArchiveLayout.MaxPayloadLength)
            return $"payload length {length} exceeds the {ArchiveLayout.MaxPayloadLength}-byte limit";
        payloadLength = (int)length;
        return null;
    }

    public static byte[] Hash(ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        return Hash(hash, previousHash, header, payload);
    }

    /// <summary>Same, reusing <paramref name="hash"/> (a scan hashes thousands of segments).</summary>
    public static byte[] Hash(IncrementalHash hash, ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload)
    {
        hash.AppendData(previousHash);
        hash.AppendData(header);
        hash.AppendData(payload);
        return hash.GetHashAndReset();
    }
}
