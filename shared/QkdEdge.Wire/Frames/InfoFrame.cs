using System;
using QkdEdge.Wire.Framing;

namespace QkdEdge.Wire.Frames
{
    /// <summary>
    /// Board to host, type 0x01: who the board is and how it is configured. Sent as the first frame
    /// after boot (sequence number 0) and before the Ack of every Hello. The protocol version is the
    /// header's version byte. A reusable instance; the profile id buffer is allocated once.
    /// </summary>
    public sealed class InfoFrame
    {
        /// <summary>Longest board profile id in bytes.</summary>
        public const int MaxProfileIdLength = 32;

        /// <summary>Payload bytes before the profile id.</summary>
        public const int FixedPayloadLength =
            1    // firmware version: major
            + 1  // firmware version: minor
            + 2  // firmware version: patch (uint16)
            + 4  // boot id (uint32)
            + 4  // tick frequency in Hz (uint32)
            + 1  // station role
            + 1  // alphabet size k (0 while unconfigured)
            + 2  // batch size in rounds (uint16; 0 while unconfigured)
            + 4  // gate width in ticks (uint32)
            + 4  // round period in ticks (uint32)
            + 2  // largest batch size this board can do (uint16)
            + 1  // run state
            + 8  // next round index (uint64)
            + 1; // profile id length n (1..32)

        private readonly byte[] _profileId = new byte[MaxProfileIdLength];

        public int FirmwareMajor { get; set; }

        public int FirmwareMinor { get; set; }

        public int FirmwarePatch { get; set; }

        /// <summary>Drawn from the RNG at boot: a new value means the board restarted.</summary>
        public uint BootId { get; set; }

        /// <summary>Frequency of the clock that time tags and periods count, in Hz.</summary>
        public uint TickFrequencyHz { get; set; }

        public StationRole Role { get; set; }

        /// <summary>Configured alphabet size k, or 0 while unconfigured.</summary>
        public int AlphabetSize { get; set; }

        /// <summary>Configured batch size, or 0 while unconfigured.</summary>
        public int BatchSize { get; set; }

        public uint GateWidthTicks { get; set; }

        public uint RoundPeriodTicks { get; set; }

        /// <summary>The largest batch this board can hold (from its RAM budget).</summary>
        public int MaxBatchSize { get; set; }

        public RunState State { get; set; }

        /// <summary>First round index of the next Rounds frame (0 after boot).</summary>
        public long NextRoundIndex { get; set; }

        /// <summary>Length of the board profile id in <see cref="ProfileIdBytes"/>.</summary>
        public int ProfileIdLength { get; private set; }

        /// <summary>The board profile id as printable ASCII (0x20..0x7E), valid for <see cref="ProfileIdLength"/> bytes.</summary>
        public byte[] ProfileIdBytes
        {
            get { return _profileId; }
        }

        /// <summary>Payload length with the current profile id.</summary>
        public int PayloadLength
        {
            get { return FixedPayloadLength + ProfileIdLength; }
        }

        /// <summary>Sets the board profile id from printable ASCII bytes (copied; no allocation).</summary>
        public void SetProfileId(byte[] ascii, int offset, int count)
        {
            if (ascii == null)
                throw new ArgumentNullException("ascii");
            if (count < 1 || count > MaxProfileIdLength || offset < 0 || offset > ascii.Length - count)
                throw new ArgumentOutOfRangeException("count");
            for (int i = 0; i < count; i++)
            {
                byte c = ascii[offset + i];
                if (c < 0x20 || c > 0x7E)
                    throw new ArgumentOutOfRangeException("ascii", "The profile id must be printable ASCII.");
            }

            Array.Copy(ascii, offset, _profileId, 0, count);
            ProfileIdLength = count;
        }

        /// <summary>Sets the board profile id from a string of printable ASCII (allocates; for set-up code and the host).</summary>
        public void SetProfileId(string id)
        {
            if (id == null)
                throw new ArgumentNullException("id");
            var bytes = new byte[id.Length];
            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                bytes[i] = c < 0x20 || c > 0x7E ? (byte)0 : (byte)c;
            }

            SetProfileId(bytes, 0, bytes.Length);
        }

        /// <summary>The board profile id as a string (allocates).</summary>
        public string GetProfileId()
        {
            var chars = new char[ProfileIdLength];
            for (int i = 0; i < chars.Length; i++)
                chars[i] = (char)_profileId[i];
            return new string(chars);
        }

        /// <summary>Writes the payload; returns <see cref="PayloadLength"/>. Values the wire cannot carry throw.</summary>
        public int WritePayload(byte[] buffer, int offset)
        {
            int length = PayloadLength;
            PayloadChecks.CheckWrite(buffer, offset, length);
            if (FirmwareMajor < 0 || FirmwareMajor > 0xFF || FirmwareMinor < 0 || FirmwareMinor > 0xFF || FirmwarePatch < 0 || FirmwarePatch > 0xFFFF)
                throw new ArgumentOutOfRangeException("FirmwarePatch");
            if (AlphabetSize != 0 && (AlphabetSize < 2 || AlphabetSize > 255))
                throw new ArgumentOutOfRangeException("AlphabetSize");
            if (BatchSize < 0 || BatchSize > 0xFFFF || MaxBatchSize < 1 || MaxBatchSize > 0xFFFF)
                throw new ArgumentOutOfRangeException("BatchSize");
            if (NextRoundIndex < 0)
                throw new ArgumentOutOfRangeException("NextRoundIndex");
            if (ProfileIdLength == 0)
                throw new InvalidOperationException("Set the board profile id before writing an Info frame.");

            buffer[offset] = (byte)FirmwareMajor;
            buffer[offset + 1] = (byte)FirmwareMinor;
            LittleEndian.WriteUInt16LittleEndian(buffer, offset + 2, (ushort)FirmwarePatch);
            LittleEndian.WriteUInt32LittleEndian(buffer, offset + 4, BootId);
            LittleEndian.WriteUInt32LittleEndian(buffer, offset + 8, TickFrequencyHz);
            buffer[offset + 12] = (byte)Role;
            buffer[offset + 13] = (byte)AlphabetSize;
            LittleEndian.WriteUInt16LittleEndian(buffer, offset + 14, (ushort)BatchSize);
            LittleEndian.WriteUInt32LittleEndian(buffer, offset + 16, GateWidthTicks);
            LittleEndian.WriteUInt32LittleEndian(buffer, offset + 20, RoundPeriodTicks);
            LittleEndian.WriteUInt16LittleEndian(buffer, offset + 24, (ushort)MaxBatchSize);
            buffer[offset + 26] = (byte)State;
            LittleEndian.WriteUInt64LittleEndian(buffer, offset + 27, (ulong)NextRoundIndex);
            buffer[offset + 35] = (byte)ProfileIdLength;
            Array.Copy(_profileId, 0, buffer, offset + FixedPayloadLength, ProfileIdLength);
            return length;
        }

        /// <summary>Reads a payload; on error the properties are unspecified and <paramref name="errorOffset"/> is relative to <paramref name="offset"/>.</summary>
        public FrameError ReadPayload(byte[] buffer, int offset, int length, out int errorOffset)
        {
            PayloadChecks.CheckRead(buffer, offset, length);
            if (length < FixedPayloadLength)
            {
                errorOffset = length;
                return FrameError.PayloadLengthMismatch;
            }

            int idLength = buffer[offset + 35];
            if (idLength < 1 || idLength > MaxProfileIdLength)
            {
                errorOffset = 35;
                return FrameError.FieldOutOfRange;
            }

            if (length != FixedPayloadLength + idLength)
            {
                errorOffset = length < FixedPayloadLength + idLength ? length : FixedPayloadLength + idLength;
                return FrameError.PayloadLengthMismatch;
            }

            byte role = buffer[offset + 12];
            if (role > (byte)StationRole.Bob)
            {
                errorOffset = 12;
                return FrameError.FieldOutOfRange;
            }

            byte alphabet = buffer[offset + 13];
            if (alphabet == 1)
            {
                errorOffset = 13;
                return FrameError.FieldOutOfRange;
            }

            ushort maxBatch = LittleEndian.ReadUInt16LittleEndian(buffer, offset + 24);
            if (maxBatch == 0)
            {
                errorOffset = 24;
                return FrameError.FieldOutOfRange;
            }

            byte state = buffer[offset + 26];
            if (state > (byte)RunState.Halted)
            {
                errorOffset = 26;
                return FrameError.FieldOutOfRange;
            }

            ulong next = LittleEndian.ReadUInt64LittleEndian(buffer, offset + 27);
            if (next > long.MaxValue)
            {
                errorOffset = 27;
                return FrameError.FieldOutOfRange;
            }

            for (int i = 0; i < idLength; i++)
            {
                byte c = buffer[offset + FixedPayloadLength + i];
                if (c < 0x20 || c > 0x7E)
                {
                    errorOffset = FixedPayloadLength + i;
                    return FrameError.FieldOutOfRange;
                }
            }

            FirmwareMajor = buffer[offset];
            FirmwareMinor = buffer[offset + 1];
            FirmwarePatch = LittleEndian.ReadUInt16LittleEndian(buffer, offset + 2);
            BootId = LittleEndian.ReadUInt32LittleEndian(buffer, offset + 4);
            TickFrequencyHz = LittleEndian.ReadUInt32LittleEndian(buffer, offset + 8);
            Role = (StationRole)role;
            AlphabetSize = alphabet;
            BatchSize = LittleEndian.ReadUInt16LittleEndian(buffer, offset + 14);
            GateWidthTicks = LittleEndian.ReadUInt32LittleEndian(buffer, offset + 16);
            RoundPeriodTicks = LittleEndian.ReadUInt32LittleEndian(buffer, offset + 20);
            MaxBatchSize = maxBatch;
            State = (RunState)state;
            NextRoundIndex = (long)next;
            Array.Copy(buffer, offset + FixedPayloadLength, _profileId, 0, idLength);
            ProfileIdLength = idLength;
            errorOffset = 0;
            return FrameError.None;
        }
    }
}
