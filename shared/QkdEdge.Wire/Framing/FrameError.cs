namespace QkdEdge.Wire.Framing
{
    /// <summary>
    /// Why a frame was rejected. Decoders return it with the byte offset where the fault was found;
    /// they never throw on bad input. The values are stable (they appear in logs and counters).
    /// </summary>
    public enum FrameError : byte
    {
        /// <summary>The frame is valid.</summary>
        None = 0,

        /// <summary>More than <see cref="WireLimits.MaxEncodedFrameBytes"/> bytes without a delimiter.</summary>
        FrameTooLong = 1,

        /// <summary>A COBS code byte points past the end of the frame.</summary>
        CobsOverrun = 2,

        /// <summary>Decoded frame shorter than header plus CRC.</summary>
        FrameTooShort = 3,

        /// <summary>The CRC-32 trailer does not match the header and payload.</summary>
        CrcMismatch = 4,

        /// <summary>A CRC-valid frame of another protocol version.</summary>
        VersionMismatch = 5,

        /// <summary>A CRC-valid frame whose type this version does not define.</summary>
        UnknownFrameType = 6,

        /// <summary>The payload length does not match what the frame type's fields require.</summary>
        PayloadLengthMismatch = 7,

        /// <summary>A field holds a value the specification does not allow (offset names the field).</summary>
        FieldOutOfRange = 8,

        /// <summary>A packed settings byte holds a value of k^m or more, or padding digits are not zero.</summary>
        InvalidSettingsPacking = 9,

        /// <summary>Padding bits of the click block are not zero.</summary>
        InvalidClickPadding = 10,

        /// <summary>A time-tag exception is malformed: not strictly increasing, past the last round, zero, or a non-minimal varint.</summary>
        InvalidTimeTagException = 11,

        /// <summary>A frame that travels the other way (a command received by the host, or a board frame received by the board).</summary>
        WrongDirection = 12,
    }
}
