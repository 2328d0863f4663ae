namespace QkdEdge.Wire.Framing
{
    /// <summary>
    /// Sizes and constants of the wire protocol (docs/wire-protocol.md, section "Limits"). Every buffer
    /// on the board is sized from these numbers once, at start-up.
    /// </summary>
    public static class WireLimits
    {
        /// <summary>The protocol version this code speaks: byte 0 of every frame.</summary>
        public const byte ProtocolVersion = 1;

        /// <summary>The frame delimiter. COBS guarantees it never occurs inside an encoded frame.</summary>
        public const byte Delimiter = 0x00;

        /// <summary>Station id that addresses whichever board is on the link (host-to-board frames only).</summary>
        public const ushort BroadcastStationId = 0xFFFF;

        /// <summary>
        /// Header: version (1) + frame type (1) + station id (2) + sequence number (4).
        /// </summary>
        public const int HeaderBytes = 1 + 1 + 2 + 4;

        /// <summary>CRC-32 trailer.</summary>
        public const int CrcBytes = 4;

        /// <summary>
        /// Largest decoded frame (header + payload + CRC). 1 KiB keeps one receive buffer, one transmit
        /// buffer and the encoder's scratch below 4 KiB of the board's managed heap, while a Rounds frame
        /// still carries about 2,000 rounds, so per-frame overhead stays near 0.15 bit per round.
        /// </summary>
        public const int MaxFrameBytes = 1024;

        /// <summary>Smallest decoded frame: a header and a CRC around an empty payload.</summary>
        public const int MinFrameBytes = HeaderBytes + CrcBytes;

        /// <summary>Largest payload.</summary>
        public const int MaxPayloadBytes = MaxFrameBytes - HeaderBytes - CrcBytes;

        /// <summary>
        /// Largest COBS-encoded frame, without the delimiter: COBS adds one code byte per started run of
        /// 254 bytes, so 1024 + ceil(1024 / 254) = 1029.
        /// </summary>
        public const int MaxEncodedFrameBytes = MaxFrameBytes + (MaxFrameBytes + 253) / 254;

        /// <summary>Largest frame on the wire: the encoded frame and its delimiter.</summary>
        public const int MaxWireFrameBytes = MaxEncodedFrameBytes + 1;

        /// <summary>Offset of the version byte in a decoded frame.</summary>
        public const int VersionOffset = 0;

        /// <summary>Offset of the frame type byte in a decoded frame.</summary>
        public const int FrameTypeOffset = 1;

        /// <summary>Offset of the station id (uint16, little-endian) in a decoded frame.</summary>
        public const int StationIdOffset = 2;

        /// <summary>Offset of the sequence number (uint32, little-endian) in a decoded frame.</summary>
        public const int SequenceOffset = 4;

        /// <summary>Offset of the payload in a decoded frame.</summary>
        public const int PayloadOffset = HeaderBytes;

        /// <summary>Bytes on the wire (encoded frame plus delimiter) of a frame with this payload length, at most.</summary>
        public static int MaxWireLengthForPayload(int payloadLength)
        {
            return Cobs.MaxEncodedLength(HeaderBytes + payloadLength + CrcBytes) + 1;
        }
    }
}
