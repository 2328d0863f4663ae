using System;

namespace QkdEdge.Wire.Framing
{
    /// <summary>
    /// Reassembles frames from a byte stream, one chunk at a time, with one buffer of
    /// <see cref="WireLimits.MaxEncodedFrameBytes"/> allocated at construction. It checks framing
    /// (COBS, length, CRC-32, version, type, direction) but not payloads. Bad input never throws:
    /// the frame completes with an <see cref="Error"/> and the receiver moves on to the next
    /// delimiter. The board uses it for commands; tests and tools use it on the host side. Not thread-safe.
    /// </summary>
    public sealed class FrameReceiver
    {
        private readonly byte[] _buffer = new byte[WireLimits.MaxEncodedFrameBytes];
        private readonly LinkEnd _end;
        private int _fill;
        private bool _overflow;

        public FrameReceiver(LinkEnd end)
        {
            _end = end;
        }

        /// <summary>Decoded bytes of the last completed frame: header, payload, CRC (valid for <see cref="FrameLength"/> bytes).</summary>
        public byte[] Frame
        {
            get { return _buffer; }
        }

        /// <summary>Decoded length of the last completed frame (0 if it failed before decoding).</summary>
        public int FrameLength { get; private set; }

        /// <summary><see cref="FrameError.None"/> if the last completed frame is valid.</summary>
        public FrameError Error { get; private set; }

        /// <summary>
        /// Where the fault was found: in the encoded bytes for <see cref="FrameError.FrameTooLong"/> and
        /// <see cref="FrameError.CobsOverrun"/>, in the decoded frame for every later check.
        /// </summary>
        public int ErrorOffset { get; private set; }

        /// <summary>Header fields of the last completed frame; valid when the error is None, VersionMismatch, UnknownFrameType or WrongDirection.</summary>
        public byte Version { get; private set; }

        public FrameType Type { get; private set; }

        public ushort StationId { get; private set; }

        public uint Sequence { get; private set; }

        /// <summary>Offset of the payload in <see cref="Frame"/>.</summary>
        public int PayloadOffset
        {
            get { return WireLimits.PayloadOffset; }
        }

        /// <summary>Payload length of the last completed frame.</summary>
        public int PayloadLength
        {
            get { return FrameLength - WireLimits.HeaderBytes - WireLimits.CrcBytes; }
        }

        /// <summary>Frames completed, valid or not (empty frames between two delimiters are not counted).</summary>
        public uint FramesCompleted { get; private set; }

        /// <summary>Frames completed with an error.</summary>
        public uint FramesRejected { get; private set; }

        /// <summary>
        /// Consumes bytes from <paramref name="input"/> until a frame completes (returns true: inspect
        /// <see cref="Error"/> and the header properties) or the input runs out (returns false: the
        /// partial frame is kept for the next call). <paramref name="consumed"/> says how many bytes
        /// were used; call again with the rest.
        /// </summary>
        public bool TryReadFrame(byte[] input, int offset, int count, out int consumed)
        {
            if (input == null)
                throw new ArgumentNullException("input");
            if (offset < 0 || count < 0 || offset > input.Length - count)
                throw new ArgumentOutOfRangeException("count");

            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                byte b = input[i];
                if (b != WireLimits.Delimiter)
                {
                    if (_fill < _buffer.Length)
                        _buffer[_fill++] = b;
                    else
                        _overflow = true;
                    continue;
                }

                if (_fill == 0 && !_overflow)
                    continue; // empty frame: a delimiter sent to resynchronise

                Complete();
                consumed = i + 1 - offset;
                return true;
            }

            consumed = count;
            return false;
        }

        private void Complete()
        {
            FramesCompleted++;
            int encodedLength = _fill;
            bool overflow = _overflow;
            _fill = 0;
            _overflow = false;
            FrameLength = 0;

            FrameError error = Check(encodedLength, overflow, out int errorOffset);
            Error = error;
            ErrorOffset = errorOffset;
            if (error != FrameError.None)
                FramesRejected++;
        }

        private FrameError Check(int encodedLength, bool overflow, out int errorOffset)
        {
            if (overflow)
            {
                errorOffset = WireLimits.MaxEncodedFrameBytes;
                return FrameError.FrameTooLong;
            }

            if (!Cobs.TryDecode(_buffer, 0, encodedLength, _buffer, 0, out int length, out errorOffset))
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
            if (Crc32Ieee.Compute(_buffer, 0, crcOffset) != LittleEndian.ReadUInt32LittleEndian(_buffer, crcOffset))
            {
                errorOffset = crcOffset;
                return FrameError.CrcMismatch;
            }

            FrameLength = length;
            Version = _buffer[WireLimits.VersionOffset];
            Type = (FrameType)_buffer[WireLimits.FrameTypeOffset];
            StationId = LittleEndian.ReadUInt16LittleEndian(_buffer, WireLimits.StationIdOffset);
            Sequence = LittleEndian.ReadUInt32LittleEndian(_buffer, WireLimits.SequenceOffset);

            if (Version != WireLimits.ProtocolVersion)
            {
                errorOffset = WireLimits.VersionOffset;
                return FrameError.VersionMismatch;
            }

            byte type = (byte)Type;
            if (!FrameTypes.IsKnown(type))
            {
                errorOffset = WireLimits.FrameTypeOffset;
                return FrameError.UnknownFrameType;
            }

            if (FrameTypes.IsCommand(type) != (_end == LinkEnd.Board))
            {
                errorOffset = WireLimits.FrameTypeOffset;
                return FrameError.WrongDirection;
            }

            errorOffset = 0;
            return FrameError.None;
        }
    }
}
