namespace QkdEdge.Archive.Format;

/// <summary>Byte layout constants of the archive file; docs/archive-format.md is the specification.</summary>
internal static class ArchiveLayout
{
    public const int FormatVersion = 1;

    /// <summary>"QKDEARCH" in ASCII.</summary>
    public static ReadOnlySpan<byte> FileMagic => "QKDEARCH"u8;

    /// <summary>"QSEG" in ASCII.</summary>
    public static ReadOnlySpan<byte> SegmentMagic => "QSEG"u8;

    public const int HashSize = 32; // SHA-256

    public const int FileHeaderSize = 64;

    /// <summary>The header, then its SHA-256, which seeds the segment chain.</summary>
    public const int FirstSegmentOffset = FileHeaderSize + HashSize;

    public const int SegmentHeaderSize =
        4   // magic "QSEG"
        + 1 // segment kind
        + 3 // reserved, zero
        + 8 // segment index, unsigned little-endian
        + 4; // payload length, unsigned little-endian

    /// <summary>
    /// Largest payload a reader accepts, so a damaged length field cannot make it allocate gigabytes. A
    /// segment of the largest allowed round count with worst-case tags (129 bits each) stays below it.
    /// </summary>
    public const int MaxPayloadLength = 64 << 20;

    public const int MaxSegmentRounds = 1 << 20;
}

internal enum SegmentKind : byte
{
    Data = 1,
    Seal = 2,
}

internal enum RecordType : byte
{
    Rounds = 1,
    Event = 2,
    BlockCut = 3,
}
