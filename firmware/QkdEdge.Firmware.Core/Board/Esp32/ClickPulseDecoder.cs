namespace QkdEdge.Firmware.Board.Esp32
{
    /// <summary>
    /// Turns the pulses an RMT receive channel recorded on a detector input into per-round click bits.
    /// Each detector input sees one pulse per round (hardware/README.md, "Detector conditioning"): the
    /// gate itself (G ticks) if the detector stayed dark, or, if it clicked at offset t inside the
    /// gate, the gate OR-ed with a one-shot of D ticks started by the click, which ends at t + D &gt; G.
    /// A pulse longer than the midpoint (G + D) / 2 is therefore a click.
    /// </summary>
    public static class ClickPulseDecoder
    {
        /// <summary>
        /// ORs detector <paramref name="detector"/>'s click bit (1 &lt;&lt; detector) into
        /// <paramref name="clicks"/> for each of <paramref name="rounds"/> rounds. Returns false if the
        /// channel did not record exactly one pulse per round (a pulse was lost or a glitch got through):
        /// the batch cannot be aligned and must be dropped.
        /// </summary>
        public static bool Decode(int[] pulseWidths, int pulseCount, int rounds, uint gateTicks, uint stretchTicks,
            int detector, byte[] clicks)
        {
            if (pulseCount != rounds)
                return false;
            int threshold = (int)((gateTicks + stretchTicks) / 2);
            byte bit = (byte)(1 << detector);
            for (int i = 0; i < rounds; i++)
            {
                if (pulseWidths[i] > threshold)
                    clicks[i] |= bit;
            }

            return true;
        }
    }
}
