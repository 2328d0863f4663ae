using System.Buffers.Binary;
using QkdEdge.Peer.Messages;
using QkdEdge.Peer.Session;

namespace QkdEdge.Peer.Framing;

/// <summary>
/// The 32-byte frame header, all of it authenticated (docs/peer-protocol.md, "Frame"). On the wire a frame is
/// a 4-byte little-endian length (of header, payload and tag), the header, the payload, then the tag.
/// </summary>
internal readonly record struct PeerFrameHeader(
    byte Version,
    PeerMessageType Type,
    PeerDirection Direction,
    int PayloadLength,
    ulong Sequence,
    long KeyPosition,
    int TagPoints)
{
    public const int Size =
        1   // version
        + 1 // message type
        + 1 // direction
        + 1 // flags, zero
        + 4 // payload length
        + 8 // sequence number in this direction
        + 8 // key position: bit offset of the first pad bit in this direction's key stream
        + 1 // tag evaluation points t
        + 7; // reserved, zero

    public const int LengthPrefixSize = 4;

    public int TagBytes => 8 * TagPoints;

    public int FrameLength => Size + PayloadLength + TagBytes;

    public void Write(Span<byte> destination)
    {
        destination[0] = Version;
        destination[1] = (byte)Type;
        destination[2] = (byte)Direction;
        destination[3] = 0;
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], PayloadLength);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], KeyPosition);
        destination[24] = (byte)TagPoints;
        destination[25..Size].Clear();
    }

    /// <summary>Parses the header fields; structural problems (not meaning) are reported as a message.</summary>
    public static string? TryRead(ReadOnlySpan<byte> source, out PeerFrameHeader header)
    {
        header = new PeerFrameHeader(
            source[0], (PeerMessageType)source[1], (PeerDirection)source[2],
            BinaryPrimitives.ReadInt32LittleEndian(source[4..]), BinaryPrimitives.ReadUInt64LittleEndian(source[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[16..]), source[24]);
        if (source[3] != 0 || source[25..Size].IndexOfAnyExcept((byte)0) >= 0)
            return "reserved header bytes are not zero";
        if (header.PayloadLength < 0)
            return "negative payload length";
        if (header.KeyPosition < 0)
            return "negative key position";
        return null;
    }
}
