namespace QkdEdge.Firmware.Board.Esp32
{
    /// <summary>
    /// Builds a batch's RMT waveforms, one item per round, in ticks of the RMT clock (the board's tick
    /// clock). Round i occupies [i P, (i+1) P). The setting lines hold setting bit j of round i for the
    /// whole round; the gate is high for G ticks in the middle of the round, after a lead of
    /// A = (P - G) / 2, so each setting line may start up to min(A, P - G - A) ticks earlier or later
    /// than the gate line (the channels are started one after another in software) and still be
    /// steady for the whole gate.
    /// </summary>
    public static class RoundWaveforms
    {
        /// <summary>Bytes a waveform of <paramref name="rounds"/> rounds takes: one item per round and a closing item.</summary>
        public static int Length(int rounds)
        {
            return (rounds + 1) * RmtItems.ItemBytes;
        }

        /// <summary>Ticks of lead before the gate opens in each round: A = (P - G) / 2.</summary>
        public static int GateLead(uint periodTicks, uint gateTicks)
        {
            return (int)((periodTicks - gateTicks) / 2);
        }

        /// <summary>
        /// The largest start skew between the gate channel and a setting channel that still keeps the
        /// setting steady during every gate: min(A, P - G - A).
        /// </summary>
        public static int SkewTolerance(uint periodTicks, uint gateTicks)
        {
            int lead = GateLead(periodTicks, gateTicks);
            int tail = (int)(periodTicks - gateTicks) - lead;
            return lead < tail ? lead : tail;
        }

        /// <summary>
        /// The gate line: low A, high G, then per further round low P - G, high G, and finally low
        /// P - G - A and an end marker. Needs 0 &lt; G &lt; P &lt;= 32767 and P - G &gt;= 2.
        /// </summary>
        public static int WriteGate(byte[] buffer, int rounds, uint periodTicks, uint gateTicks)
        {
            int lead = GateLead(periodTicks, gateTicks);
            int low = (int)(periodTicks - gateTicks);
            int gate = (int)gateTicks;
            int offset = 0;
            for (int i = 0; i < rounds; i++)
            {
                RmtItems.Write(buffer, offset, i == 0 ? lead : low, false, gate, true);
                offset += RmtItems.ItemBytes;
            }

            RmtItems.Write(buffer, offset, low - lead, false, 0, false);
            return offset + RmtItems.ItemBytes;
        }

        /// <summary>
        /// Setting line <paramref name="bit"/>: bit <paramref name="bit"/> of each round's setting for the
        /// whole round (two halves of one item), then an end marker. The settings come in the wire's
        /// packed form (base k, m digits per byte, first round in the least significant digit).
        /// </summary>
        public static int WriteSettingLine(byte[] buffer, byte[] packedSettings, int alphabetSize, int digitsPerByte,
            int rounds, int bit, uint periodTicks)
        {
            int first = (int)(periodTicks / 2);
            int second = (int)periodTicks - first;
            int offset = 0;
            int round = 0;
            for (int b = 0; round < rounds; b++)
            {
                int value = packedSettings[b];
                for (int d = 0; d < digitsPerByte && round < rounds; d++)
                {
                    int setting = value % alphabetSize;
                    value /= alphabetSize;
                    bool level = ((setting >> bit) & 1) != 0;
                    RmtItems.Write(buffer, offset, first, level, second, level);
                    offset += RmtItems.ItemBytes;
                    round++;
                }
            }

            RmtItems.Write(buffer, offset, 0, false, 0, false);
            return offset + RmtItems.ItemBytes;
        }
    }
}
