using QkdEdge.Wire.Framing;

namespace QkdEdge.Wire.Frames
{
    /// <summary>
    /// Board to host, type 0x04: an RNG health test failed. The board halts (no further Rounds
    /// frames) before sending it; rounds from <see cref="RoundIndex"/> on were never produced.
    /// </summary>
    public sealed class RngAlarmFrame
    {
        public const int PayloadLength =
            1    // health test
            + 4  // observed count (uint32)
            + 4  // cutoff (uint32)
            + 4  // window size (uint32; 0 for the repetition count test)
            + 8  // raw samples tested since boot (uint64)
            + 8; // first round index not produced (uint64)

        public RngHealthTest Test { get; set; }

        /// <summary>The count that crossed the cutoff (run length for RCT, occurrences in the window for APT).</summary>
        public uint Observed { get; set; }

        /// <summary>The test's cutoff C (SP 800-90B 4.4), from the source's assessed min-entropy.</summary>
        public uint Cutoff { get; set; }

        /// <summary>The APT window W; 0 for tests without a window.</summary>
        public uint WindowSize { get; set; }

        /// <summary>Raw noise samples tested since boot.</summary>
        public long SamplesTested { get; set; }

        /// <summary>The first round index that was not produced.</summary>
        public long RoundIndex { get; set; }

        /// <summary>Writes the payload; returns <see cref="PayloadLength"/>.</summary>
        public int WritePayload(byte[] buffer, int offset)
        {
            PayloadChecks.CheckWrite(buffer, offset, PayloadLength);
            if (Test < RngHealthTest.RepetitionCount || Test > RngHealthTest.Startup)
                throw new System.ArgumentOutOfRangeException("Test");
            if (SamplesTested < 0)
                throw new System.ArgumentOutOfRangeException("SamplesTested");
            if (RoundIndex < 0)
                throw new System.ArgumentOutOfRangeException("RoundIndex");
            buffer[offset] = (byte)Test;
            LittleEndian.WriteUInt32LittleEndian(buffer, offset + 1, Observed);
            LittleEndian.WriteUInt32LittleEndian(buffer, offset + 5, Cutoff);
            LittleEndian.WriteUInt32LittleEndian(buffer, offset + 9, WindowSize);
            LittleEndian.WriteUInt64LittleEndian(buffer, offset + 13, (ulong)SamplesTested);
            LittleEndian.WriteUInt64LittleEndian(buffer, offset + 21, (ulong)RoundIndex);
            return PayloadLength;
        }

        /// <summary>Reads a payload; on error the properties are unspecified and <paramref name="errorOffset"/> is relative to <paramref name="offset"/>.</summary>
        public FrameError ReadPayload(byte[] buffer, int offset, int length, out int errorOffset)
        {
            PayloadChecks.CheckRead(buffer, offset, length);
            FrameError error = PayloadChecks.CheckFixedLength(length, PayloadLength, out errorOffset);
            if (error != FrameError.None)
                return error;

            byte test = buffer[offset];
            if (test < (byte)RngHealthTest.RepetitionCount || test > (byte)RngHealthTest.Startup)
            {
                errorOffset = 0;
                return FrameError.FieldOutOfRange;
            }

            ulong samples = LittleEndian.ReadUInt64LittleEndian(buffer, offset + 13);
            if (samples > long.MaxValue)
            {
                errorOffset = 13;
                return FrameError.FieldOutOfRange;
            }

            ulong round = LittleEndian.ReadUInt64LittleEndian(buffer, offset + 21);
            if (round > long.MaxValue)
            {
                errorOffset = 21;
                return FrameError.FieldOutOfRange;
            }

            Test = (RngHealthTest)test;
            Observed = LittleEndian.ReadUInt32LittleEndian(buffer, offset + 1);
            Cutoff = LittleEndian.ReadUInt32LittleEndian(buffer, offset + 5);
            WindowSize = LittleEndian.ReadUInt32LittleEndian(buffer, offset + 9);
            SamplesTested = (long)samples;
            RoundIndex = (long)round;
            return FrameError.None;
        }
    }
}
