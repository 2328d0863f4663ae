using System.Buffers.Binary;
using System.IO.Hashing;
using QkdEdge.Wire.Framing;

namespace QkdEdge.Wire.Decoding;

/// <summary>
/// Checks one encoded frame end to end except for its payload: COBS, length, CRC-32, version, type
/// and direction, in the order of docs/wire-protocol.md section 7. Never throws on bad bytes.
/// </summary>
public static class FrameDecoder
{
    /// <summary>
    /// Decodes <paramref name="encoded"/> into <paramref name="decoded"/> (at least
    /// <see cref="WireLimits.MaxEncodedFrameBytes"/> long). On <see cref="FrameError.None"/>,
    /// <paramref name="frameLength"/> is the decoded length (header, payload, CRC). The header is
    /// filled whenever the CRC matched (also for VersionMismatch, UnknownFrameType, WrongDirection).
    /// <paramref name="errorOffset"/> is in the encoded bytes for FrameTooLong and CobsOverrun, in the
    /// decoded frame after that.
    /// </summary>
    public static FrameError TryDecode(ReadOnlySpan<byte> encoded, Span<byte> decoded, LinkEnd end,
        out FrameHeader header, out int frameLength, out int errorOffset)
    {
        header = default;
        frameLength = 0;
        if (encoded.Length > WireLimits.MaxEncodedFrameBytes)
        {
            errorOffset = WireLimits.MaxEncodedFrameBytes;
            return FrameError.FrameTooLong;
        }

        int length = FastCobs.TryDecode(encoded, decoded, out errorOffset);
        if (length < 0)
            return FrameError.CobsOverrun;
        if (length < WireLimits.MinFrameBytes)
        {
            errorOffset = length;
            return FrameError.FrameTooShort;
        }

        if (length > WireLimits.MaxFrameBytes)
        {
            errorOffset = WireLimits.MaxFrameBytes;
            return FrameError.FrameTooLong;
        }

        int crcOffset = length - WireLimits.CrcBytes;
        if (Crc32.HashToUInt32(decoded[..crcOffset]) != BinaryPrimitives.ReadUInt32LittleEndian(decoded[crcOffset..]))
        {
            errorOffset = crcOffset;
            return FrameError.CrcMismatch;
        }

        header = new FrameHeader(
            decoded[WireLimits.VersionOffset],
            (FrameType)decoded[WireLimits.FrameTypeOffset],
            BinaryPrimitives.ReadUInt16LittleEndian(decoded[WireLimits.StationIdOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(decoded[WireLimits.SequenceOffset..]));
        frameLength = length;

        if (header.Version != WireLimits.ProtocolVersion)
        {
            errorOffset = WireLimits.VersionOffset;
            return FrameError.VersionMismatch;
        }

        byte type = (byte)header.Type;
        if (!FrameTypes.IsKnown(type))
        {
            errorOffset = WireLimits.FrameTypeOffset;
            return FrameError.UnknownFrameType;
        }

        if (FrameTypes.IsCommand(type) != (end == LinkEnd.Board))
        {
            errorOffset = WireLimits.FrameTypeOffset;
            return FrameError.WrongDirection;
        }

        errorOffset = 0;
        return FrameError.None;
    }
}
