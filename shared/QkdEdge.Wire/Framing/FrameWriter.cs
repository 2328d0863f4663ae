using System;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Wire.Framing
{
    /// <summary>
    /// Builds complete wire frames: header, payload, CRC-32, COBS, delimiter. One instance per link
    /// direction: it owns the sequence counter (0 for the first frame, +1 per frame, wrapping) and a
    /// scratch buffer of <see cref="WireLimits.MaxFrameBytes"/> allocated once, so writing allocates
    /// nothing. Each Write method returns the number of bytes written to <c>output</c>, delimiter
    /// included; <c>output</c> needs room for <see cref="WireLimits.MaxWireFrameBytes"/> from the
    /// offset (the exact need is <see cref="WireLimits.MaxWireLengthForPayload"/>). Not thread-safe.
    /// </summary>
    public sealed class FrameWriter
    {
        private readonly byte[] _scratch = new byte[WireLimits.MaxFrameBytes];

        /// <summary>A writer whose first frame carries sequence number 0.</summary>
        public FrameWriter(ushort stationId)
        {
            StationId = stationId;
        }

        /// <summary>A writer whose first frame carries <paramref name="firstSequence"/> (a host may number its commands from any value).</summary>
        public FrameWriter(ushort stationId, uint firstSequence)
        {
            StationId = stationId;
            NextSequence = firstSequence;
        }

        /// <summary>Station id written into every header. A host may retarget it (e.g. from broadcast to the id an Info frame reported).</summary>
        public ushort StationId { get; set; }

        /// <summary>Sequence number the next frame will carry.</summary>
        public uint NextSequence { get; private set; }

        /// <summary>Writes an Info frame.</summary>
        public int WriteInfo(InfoFrame info, byte[] output, int offset)
        {
            if (info == null)
                throw new ArgumentNullException("info");
            int length = info.WritePayload(_scratch, WireLimits.PayloadOffset);
            return Finish(FrameType.Info, length, output, offset);
        }

        /// <summary>Writes a Status frame.</summary>
        public int WriteStatus(StatusFrame status, byte[] output, int offset)
        {
            if (status == null)
                throw new ArgumentNullException("status");
            int length = status.WritePayload(_scratch, WireLimits.PayloadOffset);
            return Finish(FrameType.Status, length, output, offset);
        }

        /// <summary>Writes an RngAlarm frame.</summary>
        public int WriteRngAlarm(RngAlarmFrame alarm, byte[] output, int offset)
        {
            if (alarm == null)
                throw new ArgumentNullException("alarm");
            int length = alarm.WritePayload(_scratch, WireLimits.PayloadOffset);
            return Finish(FrameType.RngAlarm, length, output, offset);
        }

        /// <summary>Writes an Ack frame.</summary>
        public int WriteAck(AckFrame ack, byte[] output, int offset)
        {
            if (ack == null)
                throw new ArgumentNullException("ack");
            int length = ack.WritePayload(_scratch, WireLimits.PayloadOffset);
            return Finish(FrameType.Ack, length, output, offset);
        }

        /// <summary>
        /// Writes one Rounds frame holding as many of the <paramref name="count"/> rounds from
        /// <paramref name="start"/> as fit (see <see cref="RoundsFrameEncoder.WritePayload"/>); call again
        /// with <c>start + roundsWritten</c> and <c>firstRoundIndex + roundsWritten</c> until the batch is sent.
        /// </summary>
        public int WriteRounds(long firstRoundIndex, int alphabetSize, uint periodTicks,
            byte[] settings, byte[] clicks, long[] timeTags, int start, int count,
            byte[] output, int offset, out int roundsWritten)
        {
            int length = RoundsFrameEncoder.WritePayload(firstRoundIndex, alphabetSize, periodTicks,
                settings, clicks, timeTags, start, count,
                _scratch, WireLimits.PayloadOffset, WireLimits.MaxPayloadBytes, out roundsWritten);
            return Finish(FrameType.Rounds, length, output, offset);
        }

        /// <summary>Writes a Configure command.</summary>
        public int WriteConfigure(ConfigureCommand command, byte[] output, int offset)
        {
            if (command == null)
                throw new ArgumentNullException("command");
            int length = command.WritePayload(_scratch, WireLimits.PayloadOffset);
            return Finish(FrameType.Configure, length, output, offset);
        }

        /// <summary>Writes a command without payload: Hello, Start, Stop, StatusRequest or SelfTest.</summary>
        public int WriteCommand(FrameType type, byte[] output, int offset)
        {
            if (type != FrameType.Hello && type != FrameType.Start && type != FrameType.Stop
                && type != FrameType.StatusRequest && type != FrameType.SelfTest)
                throw new ArgumentOutOfRangeException("type", "Only commands without payload can be written this way.");
            return Finish(type, 0, output, offset);
        }

        /// <summary>
        /// Writes a frame whose payload the caller placed in <paramref name="payload"/>: for frame types
        /// of a later protocol version and for tests that need frames the typed writers refuse to build.
        /// </summary>
        public int WriteRaw(byte version, byte frameType, byte[] payload, int payloadOffset, int payloadLength, byte[] output, int offset)
        {
            if (payload == null)
                throw new ArgumentNullException("payload");
            if (payloadLength < 0 || payloadLength > WireLimits.MaxPayloadBytes || payloadOffset < 0 || payloadOffset > payload.Length - payloadLength)
                throw new ArgumentOutOfRangeException("payloadLength");
            Array.Copy(payload, payloadOffset, _scratch, WireLimits.PayloadOffset, payloadLength);
            return Finish(version, frameType, payloadLength, output, offset);
        }

        private int Finish(FrameType type, int payloadLength, byte[] output, int offset)
        {
            return Finish(WireLimits.ProtocolVersion, (byte)type, payloadLength, output, offset);
        }

        private int Finish(byte version, byte type, int payloadLength, byte[] output, int offset)
        {
            int frameLength =
                WireLimits.HeaderBytes  // version, type, station id, sequence number
                + payloadLength         // payload, already in the scratch buffer
                + WireLimits.CrcBytes;  // CRC-32 of everything before it
            if (output == null)
                throw new ArgumentNullException("output");
            if (offset < 0 || offset > output.Length - (Cobs.MaxEncodedLength(frameLength) + 1))
                throw new ArgumentOutOfRangeException("offset", "The output buffer has no room for the frame.");

            _scratch[WireLimits.VersionOffset] = version;
            _scratch[WireLimits.FrameTypeOffset] = type;
            LittleEndian.WriteUInt16LittleEndian(_scratch, WireLimits.StationIdOffset, StationId);
            LittleEndian.WriteUInt32LittleEndian(_scratch, WireLimits.SequenceOffset, NextSequence);
            int crcOffset = WireLimits.HeaderBytes + payloadLength;
            LittleEndian.WriteUInt32LittleEndian(_scratch, crcOffset, Crc32Ieee.Compute(_scratch, 0, crcOffset));

            int encoded = Cobs.Encode(_scratch, 0, frameLength, output, offset);
            output[offset + encoded] = WireLimits.Delimiter;
            NextSequence = unchecked(NextSequence + 1);
            return encoded + 1;
        }
    }
}
