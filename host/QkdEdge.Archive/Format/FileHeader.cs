using System.Buffers.Binary;

namespace QkdEdge.Archive.Format;

/// <summary>Encodes and decodes the fixed 64-byte file header (see docs/archive-format.md, "File header").</summary>
internal static class FileHeader
{
    public static byte[] Encode(ArchiveOptions options)
    {
        var header = new byte[ArchiveLayout.FileHeaderSize];
        var span = header.AsSpan();
        ArchiveLayout.FileMagic.CopyTo(span);                                        // 0..8 magic
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], ArchiveLayout.FormatVersion); // 8..10 version
        BinaryPrimitives.WriteUInt16LittleEndian(span[10..], options.StationId);      // 10..12 station id
        span[12] = (byte)options.SettingAlphabet;                                    // 12 setting alphabet
        // 13..16 reserved, zero
        BinaryPrimitives.WriteInt64LittleEndian(span[16..], options.BlockRounds);      // 16..24 block rounds
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], options.SegmentRounds);    // 24..28 segment rounds
        // 28..32 reserved, zero
        options.ArchiveId.TryWriteBytes(span.Slice(32, 16), bigEndian: true, out _);   // 32..48 archive id
        // 48..64 reserved, zero
        return header;
    }

    /// <summary>Returns null with a problem description when the header is not one this reader writes.</summary>
    public static ArchiveHeaderInfo? TryDecode(ReadOnlySpan<byte> header, out string problem)
    {
        problem = "";
        if (!header[..8].SequenceEqual(ArchiveLayout.FileMagic))
        {
            problem = "not an archive (bad magic)";
            return null;
        }
        int version = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        if (version != ArchiveLayout.FormatVersion)
        {
            problem = $"format version {version} is not supported (this reader knows {ArchiveLayout.FormatVersion})";
            return null;
        }
        int alphabet = header[12];
        long blockRounds = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
        int segmentRounds = BinaryPrimitives.ReadInt32LittleEndian(header[24..]);
        bool reservedZero = header[13..16].IndexOfAnyExcept((byte)0) < 0
            && header[28..32].IndexOfAnyExcept((byte)0) < 0
            && header[48..64].IndexOfAnyExcept((byte)0) < 0;
        if (!reservedZero)
        {
            problem = "reserved header bytes are not zero";
            return null;
        }
        if (alphabet < 2 || blockRounds < 1 || segmentRounds < 1 || segmentRounds > ArchiveLayout.MaxSegmentRounds)
        {
            problem = "header parameters out of range";
            return null;
        }
        return new ArchiveHeaderInfo(
            version,
            BinaryPrimitives.ReadUInt16LittleEndian(header[10..]),
            alphabet,
            blockRounds,
            segmentRounds,
            new Guid(header.Slice(32, 16), bigEndian: true));
    }
}
