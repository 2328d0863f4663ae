using System;
using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Packing;

namespace QkdEdge.Wire.Frames
{
    /// <summary>Field offsets and sizes of the Rounds payload (docs/wire-protocol.md, "Rounds").</summary>
    public static class RoundsFrameLayout
    {
        public const int FirstRoundOffset = 0;
        public const int RoundCountOffset = 8;
        public const int AlphabetSizeOffset = 10;
        public const int FirstTimeTagOffset = 11;
        public const int PeriodOffset = 19;
        public const int ExceptionCountOffset = 23;

        /// <summary>Payload bytes before the settings block.</summary>
        public const int FixedPayloadLength =
            8    // first round index (uint64)
            + 2  // round count n (uint16, at least 1)
            + 1  // alphabet size k (2..255)
            + 8  // time tag of the first round, in ticks (uint64)
            + 4  // nominal round period in ticks (uint32)
            + 2; // number of time-tag exceptions (uint16)

        /// <summary>Payload length of <paramref name="roundCount"/> rounds whose exception list takes <paramref name="exceptionBytes"/>.</summary>
        public static int PayloadLength(int roundCount, int alphabetSize, int exceptionBytes)
        {
            if (exceptionBytes < 0)
                throw new ArgumentOutOfRangeException("exceptionBytes");
            return FixedPayloadLength
                + SettingsPacking.PackedLength(roundCount, alphabetSize)  // settings block: ceil(n / m)
                + ClickPacking.PackedLength(roundCount)                    // click block: ceil(n / 4)
                + exceptionBytes;                                          // exception list
        }

        /// <summary>
        /// The most rounds one frame can carry at alphabet <paramref name="alphabetSize"/> when no time
        /// tag deviates from the period. A board's batch size at or below this leaves one frame per
        /// batch unless many time tags deviate (the encoder then splits the batch).
        /// </summary>
        public static int MaxRoundsPerFrame(int alphabetSize)
        {
            int available = WireLimits.MaxPayloadBytes - FixedPayloadLength;
            int m = SettingsPacking.SettingsPerByte(alphabetSize);
            // n/m + n/4 <= available gives the estimate; the ceilings may cost a round or two.
            int rounds = available * 4 * m / (m + 4);
            while (SettingsPacking.PackedLength(rounds, alphabetSize) + ClickPacking.PackedLength(rounds) > available)
                rounds--;
            return rounds > 0xFFFF ? 0xFFFF : rounds;
        }

        /// <summary>The most rounds any valid frame can carry (alphabet 2): the capacity a host batch needs.</summary>
        public static int MaxRoundsPerAnyFrame
        {
            get { return MaxRoundsPerFrame(2); }
        }
    }
}
